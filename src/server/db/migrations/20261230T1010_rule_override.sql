-- Local rules (地方规定, issue 11 "The rule set, visible"): a locality (a committee: its subtree follows it) adjusts an
-- [S] default of the versioned rule set from a date on (today or later: no past judgement changes). Append-only: a
-- later row replaces an earlier one of the same organisation and rule from its own date; a row with a null value
-- returns to the platform's default. The nearest locality wins (src/domain/rules/overrides.ts).
create table rule_override (
  id bigserial primary key,
  org_id integer not null references org (id),
  rule_id text not null,
  value jsonb,
  effective_from date not null,
  document text not null,
  reason text not null,
  actor_id integer references app_user (id) on delete set null,
  actor_name text not null,
  created_at timestamptz not null default now()
);
create index rule_override_org_idx on rule_override (org_id, rule_id, effective_from);
create trigger rule_override_append_only before update or delete on rule_override
  for each row execute function append_only();
