-- The roster checks an account ran recently (dry runs and imports, counted against a per-account limit) are read
-- from the audit log by actor and time.
create index audit_log_actor_at_idx on audit_log (actor_id, at);
