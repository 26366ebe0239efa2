-- A notification's title and body by key of the shared message table (src/domain/messages.ts) with their
-- parameters, beside the Chinese text: a client in another language renders them from the key. Rows written before
-- this migration have none and are shown as their text.
alter table notification add column title_msg jsonb;
alter table notification add column body_msg jsonb;
