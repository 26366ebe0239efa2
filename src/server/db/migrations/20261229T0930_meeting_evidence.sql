-- Evidence files on a meeting (issue 11, area life: a photo of the sign-in sheet, the minutes as scanned): the same
-- store, the same rows and the same orphan sweep as a ledger entry's or a problem step's evidence. Never required: a
-- meeting is recorded without any. A file belongs to exactly one of a ledger entry, a problem event or a meeting;
-- still append-only (evidence_file_append_only).
alter table evidence_file add column meeting_id integer references meeting (id);
alter table evidence_file drop constraint evidence_file_owner_check;
alter table evidence_file add constraint evidence_file_owner_check
  check (num_nonnulls(ledger_entry_id, problem_event_id, meeting_id) = 1);
create index evidence_file_meeting_idx on evidence_file (meeting_id) where meeting_id is not null;
