-- Evidence files on a problem's steps (issue 10: 申请销号 with evidence, 举证; also 报告进展): the same store, the
-- same rows and the same download as a ledger entry's evidence, so that one route serves both and the orphan sweep
-- (which asks whether any evidence row refers to a stored object) covers both. A file belongs to exactly one of a
-- ledger entry or a problem event; still append-only (evidence_file_append_only).
alter table evidence_file alter column ledger_entry_id drop not null;
alter table evidence_file add column problem_event_id bigint references problem_event (id);
alter table evidence_file add constraint evidence_file_owner_check
  check (num_nonnulls(ledger_entry_id, problem_event_id) = 1);
create index evidence_file_problem_event_idx on evidence_file (problem_event_id) where problem_event_id is not null;

-- A published 通报 reaches each child organisation as a notification that names it (the web opens the notice).
-- The kind check is left as it is ('notice' is already in it).
alter table notification add column notice_id integer references notice (id);

-- The deadline sweep's 回头看 reminders: closed problems by the day their re-check falls due.
create index problem_recheck_due_idx on problem (recheck_due) where state = 'closed' and recheck_due is not null;
