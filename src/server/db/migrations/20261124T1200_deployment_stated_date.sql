-- The date a document states of itself (e.g. 2020年4月15日, or only 2020年4月), kept as written.
alter table deployment add column stated_date text;
