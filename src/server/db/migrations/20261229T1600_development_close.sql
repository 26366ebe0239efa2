-- Member development (发展党员, issue 11): the ways out of a case. After a late approval the branch votes again
-- (revote, after 3 months) or the case restarts (restart, after 6; state restarted, a new case may follow); before the
-- approval the applicant withdraws (withdraw; state withdrawn) or the branch stops the development (terminate, with a
-- reason; state terminated). A case opened partway for someone imported as activist, candidate or probationary member
-- starts with a backfill step carrying the dates known (建档时已处于…阶段（补录）).
alter table development_case drop constraint development_case_state_check;
alter table development_case add constraint development_case_state_check check (state in
  ('open', 'done', 'revoked', 'restarted', 'withdrawn', 'terminated'));
alter table development_step drop constraint development_step_kind_check;
alter table development_step add constraint development_step_kind_check check (kind in (
  'apply', 'talk', 'activist_confirm', 'activist_filed', 'mentors', 'activist_training', 'candidate_confirm',
  'candidate_filed', 'sponsors', 'political_review', 'training', 'public_notice', 'committee_review', 'pre_review',
  'form', 'branch_vote', 'higher_talk', 'approval', 'approval_filed', 'placement', 'oath', 'observation',
  'full_application', 'full_vote', 'full_approval', 'archive', 'extend', 'revoke', 'revote', 'restart', 'withdraw',
  'terminate', 'backfill'));
