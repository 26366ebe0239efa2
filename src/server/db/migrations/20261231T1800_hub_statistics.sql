-- The national level (issue 8): besides the work figures, each province publishes for every organisation down to the
-- published depth the figures of the national statistics (../shared/domain-rules.md §11: members by sex, ethnicity,
-- education and age band, applicants and activists, members recruited this year), its branches' 三会一课 compliance
-- this year (life_compliance summed) and its star levels of the latest assessed year (assess_star counted). The hub
-- runs the same migrations, so its copy of the table has the same columns (logical replication matches them by
-- name); a province migrated before its hub stops replicating until the hub is migrated too, then resumes.
alter table hub_org_figure
  add column women integer not null default 0,
  add column minorities integer not null default 0,
  add column college integer not null default 0,
  add column age_le30 integer not null default 0,
  add column age_ge61 integer not null default 0,
  add column applicants integer not null default 0,
  add column activists integer not null default 0,
  add column candidates integer not null default 0,
  add column recruited integer not null default 0,
  add column branches integer not null default 0,
  add column life_year smallint,
  add column life_due integer not null default 0,
  add column life_met integer not null default 0,
  add column star_year smallint,
  add column starred integer not null default 0,
  add column star1 integer not null default 0,
  add column star2 integer not null default 0,
  add column star3 integer not null default 0,
  add column star4 integer not null default 0,
  add column star5 integer not null default 0;
