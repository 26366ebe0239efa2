-- Assessment (考核, issue 12): the assessed organisations are told when a round opens 自评, enters 公示 and is
-- finalised (确定); the issuer when an objection is raised, the objector when it is answered. The notification names
-- the round (the web opens it). Every kind of 20261230T1210_transfer_notification.sql is kept.
alter table notification add column assess_round_id integer references assess_round (id);
alter table notification drop constraint notification_kind_check;
alter table notification add constraint notification_kind_check check (kind in
  ('assigned', 'due_soon', 'overdue', 'submitted', 'accepted', 'returned', 'reopened', 'cancelled', 'chased',
   'problem', 'notice', 'instruction', 'transfer', 'assess'));
