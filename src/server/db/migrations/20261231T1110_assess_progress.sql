-- Progress of scoring a whole round (考核, issue 12): reading the automatic indicators of every organisation takes tens
-- of seconds on a city, so they are read in chunks of organisations and each chunk moves `done` toward `total`. The
-- round page and the results page poll it (GET /api/assess/rounds/:id/progress), whichever app instance runs the work;
-- the CLI shows the same figures as a bar. One row per round: its latest run (the results read live while scoring, a
-- grade set then, closing scoring, 确定). `updated_at` is the database's clock at each step: a run whose process died
-- stops counting as running once it has not moved for a while.
create table assess_round_progress (
  round_id integer primary key references assess_round (id),
  purpose text not null check (purpose in ('results', 'publicity', 'final')),
  phase text not null check (phase in ('measures', 'store', 'done', 'failed')),
  done integer not null check (done >= 0),
  total integer not null check (total >= 0),
  started_at timestamptz not null,
  updated_at timestamptz not null
);
