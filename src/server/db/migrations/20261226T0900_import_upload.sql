-- An uploaded spreadsheet kept between the import wizard's check and its commit (issue 9): the workbook as read (its
-- sheets as grids, serialised and compressed) and the file as .xlsx (the error workbook marks it), for the account
-- that uploaded it, until it expires. The wizard's next check and the commit name it by id instead of uploading and
-- parsing the file again.
create table import_upload (
  id text primary key,
  user_id integer not null,
  list text not null,
  format text not null check (format in ('xlsx', 'xls')),
  xlsx bytea not null,
  grids bytea not null,
  created_at timestamptz not null,
  expires_at timestamptz not null
);
create index import_upload_expires on import_upload (expires_at);
