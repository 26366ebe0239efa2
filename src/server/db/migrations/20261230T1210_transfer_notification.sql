-- Transfers (组织关系转接), issue 11: the receiving organisation is told when a transfer into it is started, the
-- sending one when it is accepted or returned; the notification names the transfer (the web opens it).
alter table notification add column transfer_id integer references member_transfer (id);
alter table notification drop constraint notification_kind_check;
alter table notification add constraint notification_kind_check check (kind in
  ('assigned', 'due_soon', 'overdue', 'submitted', 'accepted', 'returned', 'reopened', 'cancelled', 'chased',
   'problem', 'notice', 'instruction', 'transfer'));
