-- The audit chain runs in lanes: a writer appends to the first lane no other transaction holds (a transaction-level
-- advisory lock per lane), linking to that lane's previous row, so that concurrent writes no longer queue behind one
-- lock held until each commits. Every row written so far stays in lane 0, the chain it already forms; a writer
-- alone always takes lane 0. Verification walks every lane; an anchor names the head of each (docs/foundation.md,
-- "The audit log"). ADD COLUMN with a constant default rewrites no row, so the append-only trigger is not involved.
alter table audit_log add column lane smallint not null default 0;
create index audit_log_lane_id_idx on audit_log (lane, id);
