-- A task's figures read from records instead of typed (issue 12: "创建四星级党组织100个" tracked from the star
-- levels; issue 13's collective-economy targets read the same way). Null: each receiver types its figures into the
-- ledger as before. Otherwise the kind and its parameters (src/domain/tasks/figure-source.ts); the receiver's figure
-- is the measure over its subtree, kept on the assignment by the roll-up write path (rollups.service.ts) whenever
-- the records of that kind change, and again by the daily sweep.
alter table task add column figure_source jsonb;
create index task_figure_source_kind_idx on task ((figure_source ->> 'kind')) where figure_source is not null;
