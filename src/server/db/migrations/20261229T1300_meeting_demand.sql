-- 基层减负: a meeting an organisation had to hold because a task asked for it (a 专题组织生活会 a deployment called for)
-- is counted as a demand of its own kind, from the task's assigner, instead of as a report.
alter table org_demand drop constraint org_demand_kind_check;
alter table org_demand add constraint org_demand_kind_check check (kind in
  ('assignment', 'chase', 'supervision', 'report', 'evidence', 'problem', 'meeting'));
