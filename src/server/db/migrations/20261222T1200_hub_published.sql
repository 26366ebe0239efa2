-- The national level (issue 8, "The country"): what a province publishes upward, and what the hub receives.
-- Every province database and the hub hold the same two tables. A province refreshes its own rows (its region code,
-- LUOSHI_REGION) and publishes them with a row filter on `region` (publication luoshi_hub); the hub subscribes to
-- each province and so holds every province's rows side by side. The key of each table starts with `region`, so
-- the rows of two provinces never collide and the row filter holds for updates and deletes (replica identity).

-- One row per province: where its figures come from and when they were last published (the freshness the hub shows).
create table hub_region (
  region text primary key check (region ~ '^[A-Za-z0-9_-]{1,20}$'),
  name text not null,
  root_code text not null,
  depth smallint not null,
  org_count integer not null,
  members integer not null,
  published_at timestamptz not null
);

-- One row per organisation down to the published depth: the figures of its whole subtree, summed over its tasks
-- (task_rollup_live), and its members (probationary and full). Rows change only when a figure does (changed_at), so
-- an unchanged province sends nothing but its hub_region heartbeat.
create table hub_org_figure (
  region text not null,
  org_code text not null,
  parent_code text,
  level smallint not null,
  type text not null,
  name text not null,
  members integer not null,
  tasks integer not null,
  assigned integer not null,
  not_started integer not null,
  in_progress integer not null,
  submitted integer not null,
  done integer not null,
  done_on_time integer not null,
  overdue integer not null,
  lagging integer not null,
  changed_at timestamptz not null,
  primary key (region, org_code)
);
create index hub_org_figure_parent_idx on hub_org_figure (region, parent_code);
