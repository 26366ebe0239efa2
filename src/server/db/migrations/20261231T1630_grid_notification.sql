-- 网格事项 notifications (issue 13, area grid): the organisation a matter is handed to (交办) is told, and the sweep's
-- ladder tells the handler (提醒) and the organisation above the grid's (提级督办) once per rung and deadline. The
-- notification names the matter (the web opens it). Every kind of 20261231T1100_appraisal_notification.sql is kept.
alter table notification add column grid_matter_id integer references grid_matter (id);
alter table notification drop constraint notification_kind_check;
alter table notification add constraint notification_kind_check check (kind in
  ('assigned', 'due_soon', 'overdue', 'submitted', 'accepted', 'returned', 'reopened', 'cancelled', 'chased',
   'problem', 'notice', 'instruction', 'transfer', 'assess', 'appraisal', 'grid'));
