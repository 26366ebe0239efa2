-- 民主评议党员 reminders as notifications (issue 12): the branch is told when a 不合格 member's 限期改正 deadline is
-- near or passed, and when its appraisal is not decided by its due day. The notification names the appraisal (the web
-- opens it). An appraisal keeps the day its grades are due; null for one opened before this (the rule set's default,
-- assess.appraisalDecideDays, counted from its roster day, applies). Every kind of 20261230T1400_assess_notification.sql
-- is kept.
alter table appraisal add column due_on date;
alter table appraisal add constraint appraisal_due_after_roster check (due_on is null or due_on >= as_of);
alter table notification add column appraisal_id integer references appraisal (id);
alter table notification drop constraint notification_kind_check;
alter table notification add constraint notification_kind_check check (kind in
  ('assigned', 'due_soon', 'overdue', 'submitted', 'accepted', 'returned', 'reopened', 'cancelled', 'chased',
   'problem', 'notice', 'instruction', 'transfer', 'assess', 'appraisal'));
