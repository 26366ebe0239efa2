-- Idempotency keys fenced to the write (issue 8, "nothing lost or doubled"). A claim carries a token; the write's
-- own transaction marks the key written (with that token) where it appends its audit row, so a committed write and
-- its mark commit together. A 5xx answer releases only a key that was never written, and a retry of a written key
-- is answered "written earlier" instead of running again. A claim left behind by a request whose answer never came
-- (the database or the server restarted) may be taken over after a while; the token makes the old request's write,
-- should it still try to commit, fail instead of doubling.
alter table idempotency_key add column token text not null default '';
alter table idempotency_key add column written_at timestamptz;
