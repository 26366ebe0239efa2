-- Roll-ups kept by deltas (docs/scale.md). A write to assignment costs O(depth of the tree), not O(size of the
-- subtree): a statement-level trigger turns the rows the statement changed (old and new, from its transition
-- tables) into one signed delta per (task, ancestor of the receiver) and appends it to rollup_delta. Appending
-- contends on nothing (no hot counter row at the root); a fold job adds the deltas into task_rollup in batches;
-- readers add the pending deltas to the kept rows in the same statement, so figures are exact at every moment.
create table rollup_delta (
  id bigint generated always as identity primary key,
  task_id integer not null,
  org_id integer not null,
  assigned integer not null,
  not_started integer not null,
  in_progress integer not null,
  submitted integer not null,
  done integer not null,
  done_on_time integer not null,
  overdue integer not null,
  lagging integer not null,
  figure_sum numeric not null,
  reached integer not null,
  due integer not null,
  created_at timestamptz not null default now()
);
create index rollup_delta_org_idx on rollup_delta (org_id, task_id);
create index rollup_delta_task_idx on rollup_delta (task_id);

-- What assignments count for in the roll-ups of each ancestor of their receiver (the receiver included), signed:
-- the same rules as the independent recount in rollups.queries.ts; a cancelled assignment counts nothing.
create function rollup_deltas_of(p_sign integer, p_rows assignment[])
returns table (task_id integer, org_id integer, assigned integer, not_started integer, in_progress integer,
  submitted integer, done integer, done_on_time integer, overdue integer, lagging integer, figure_sum numeric,
  reached integer, due integer)
language sql stable as $$
  select x.task_id, anc.id::integer,
    p_sign * count(*)::integer,
    p_sign * count(*) filter (where x.state = 'not_started')::integer,
    p_sign * count(*) filter (where x.state = 'in_progress')::integer,
    p_sign * count(*) filter (where x.state = 'submitted')::integer,
    p_sign * count(*) filter (where x.state = 'done')::integer,
    p_sign * count(*) filter (where x.state = 'done'
      and (x.deadline is null or coalesce(x.submitted_on, x.done_on) <= x.deadline))::integer,
    p_sign * count(*) filter (where x.is_overdue)::integer,
    p_sign * count(*) filter (where x.is_lagging)::integer,
    p_sign * coalesce(sum(x.figure), 0),
    p_sign * count(*) filter (where tk.progress_mode = 'share' and x.figure >= tk.share_threshold)::integer,
    p_sign * count(*) filter (where x.is_due)::integer
  from unnest(p_rows) as x
  join task tk on tk.id = x.task_id
  join org r on r.id = x.org_id
  cross join lateral unnest(string_to_array(r.path::text, '.')) as anc(id)
  where x.state <> 'cancelled'
  group by x.task_id, anc.id
$$;

-- Appends what changed: the new rows counted in, the old rows counted out, netted per (task, organisation).
create function append_rollup_deltas(p_new assignment[], p_old assignment[]) returns void
language sql as $$
  insert into rollup_delta (task_id, org_id, assigned, not_started, in_progress, submitted, done, done_on_time,
    overdue, lagging, figure_sum, reached, due)
  select d.task_id, d.org_id, sum(d.assigned), sum(d.not_started), sum(d.in_progress), sum(d.submitted),
    sum(d.done), sum(d.done_on_time), sum(d.overdue), sum(d.lagging), sum(d.figure_sum), sum(d.reached), sum(d.due)
  from (
    select * from rollup_deltas_of(1, coalesce(p_new, '{}'))
    union all
    select * from rollup_deltas_of(-1, coalesce(p_old, '{}'))
  ) d
  group by d.task_id, d.org_id
  having sum(d.assigned) <> 0 or sum(d.not_started) <> 0 or sum(d.in_progress) <> 0 or sum(d.submitted) <> 0
    or sum(d.done) <> 0 or sum(d.done_on_time) <> 0 or sum(d.overdue) <> 0 or sum(d.lagging) <> 0
    or sum(d.figure_sum) <> 0 or sum(d.reached) <> 0 or sum(d.due) <> 0
  order by d.task_id, d.org_id
$$;

create function assignment_rollup_trigger() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform append_rollup_deltas((select array_agg(n.*::assignment) from new_rows n), null);
  elsif tg_op = 'DELETE' then
    perform append_rollup_deltas(null, (select array_agg(o.*::assignment) from old_rows o));
  else
    perform append_rollup_deltas(
      (select array_agg(n.*::assignment) from new_rows n),
      (select array_agg(o.*::assignment) from old_rows o));
  end if;
  return null;
end
$$;

create trigger assignment_rollup_insert after insert on assignment
  referencing new table as new_rows for each statement execute function assignment_rollup_trigger();
create trigger assignment_rollup_update after update on assignment
  referencing old table as old_rows new table as new_rows for each statement execute function assignment_rollup_trigger();
create trigger assignment_rollup_delete after delete on assignment
  referencing old table as old_rows for each statement execute function assignment_rollup_trigger();

-- What every reader of roll-ups reads: the kept rows plus the deltas not folded yet, in one statement (a filter on
-- org_id or task_id reaches both tables' indexes through the grouping).
create view task_rollup_live as
select task_id, org_id,
  sum(assigned)::integer as assigned, sum(not_started)::integer as not_started,
  sum(in_progress)::integer as in_progress, sum(submitted)::integer as submitted, sum(done)::integer as done,
  sum(done_on_time)::integer as done_on_time, sum(overdue)::integer as overdue, sum(lagging)::integer as lagging,
  sum(figure_sum) as figure_sum, sum(reached)::integer as reached, sum(due)::integer as due
from (
  select task_id, org_id, assigned, not_started, in_progress, submitted, done, done_on_time, overdue, lagging,
    figure_sum, reached, due
  from task_rollup
  union all
  select task_id, org_id, assigned, not_started, in_progress, submitted, done, done_on_time, overdue, lagging,
    figure_sum, reached, due
  from rollup_delta
) u
group by task_id, org_id;
