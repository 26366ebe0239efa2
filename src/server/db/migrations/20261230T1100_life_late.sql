-- Make-up meetings (补开, issue 11, area life): a meeting may name the past window of its kind it makes up for
-- (March's 支委会 held on 5 April, 补开3月), stored as that window's first day. The window is then late, not
-- missing and not met; the meeting does not count for the window it was held in. One make-up per window and kind.
alter table meeting add column makes_up_for date;
alter table meeting add constraint meeting_makes_up_before check (makes_up_for is null or makes_up_for < held_on);
create unique index meeting_makes_up_for_idx on meeting (org_id, kind, makes_up_for) where makes_up_for is not null;

-- Kept figures: windows due that were made up late (counted in due, not in met).
alter table life_compliance add column late integer not null default 0;
