-- 年度学习安排 (issue 11, area life): an organisation's plan of a year, one row per kind of meeting and month in
-- which one is planned, with its topic. No rows for a year: the plan is the default the rules give
-- (src/domain/life/plan.ts); saving writes the whole year's items at once (an audit row holds before and after).
create table life_plan_item (
  org_id integer not null references org (id),
  year smallint not null check (year between 1900 and 2100),
  kind text not null check (kind in ('general_meeting', 'committee_meeting', 'group_meeting', 'lecture',
    'theme_day', 'life_meeting', 'appraisal', 'leadership_life_meeting')),
  month smallint not null check (month between 1 and 12),
  topic text not null default '' check (length(topic) <= 200),
  note text not null default '' check (length(note) <= 500),
  updated_by integer references app_user (id),
  updated_at timestamptz not null,
  constraint life_plan_item_unique unique (org_id, year, kind, month)
);
