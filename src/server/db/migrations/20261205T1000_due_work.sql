-- Fair measures: rates count work that is due (done, or its deadline has passed), never work not yet due, so that
-- assigning new work lowers nobody's completion rate. is_due is kept like is_overdue (on write and by the daily sweep).
alter table assignment add column is_due boolean not null default false;
update assignment set is_due = (state = 'done' or (state <> 'cancelled' and deadline is not null
  and deadline < (now() at time zone 'Asia/Shanghai')::date));

alter table task_rollup add column due integer not null default 0;
update task_rollup tr set due = coalesce((
  select count(*)::int from assignment x join org r on r.id = x.org_id join org anc on anc.id = tr.org_id
  where x.task_id = tr.task_id and x.state <> 'cancelled' and x.is_due and r.path <@ anc.path), 0);

alter table org_daily_stat add column due integer not null default 0;
