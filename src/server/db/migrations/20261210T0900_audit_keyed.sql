-- The audit chain is keyed: from this version on a row's hash is HMAC-SHA256(key, prev_hash + canonical row), the key
-- coming from LUOSHI_AUDIT_KEY or the embedded database's data directory (audit.key), never from the database.
-- Rows written before keep their plain SHA-256 hash and say so (keyed = false); verification hashes each row as it
-- says, and refuses an unkeyed row after a keyed one and an unkeyed head (docs/foundation.md, "The audit log").
-- ADD COLUMN rewrites no row, so the append-only trigger is not involved.
alter table audit_log add column keyed boolean not null default false;
