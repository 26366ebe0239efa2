-- The spreadsheet importer remembers a column mapping the user gave (issue 9): per organisation, list and header
-- shape (the table's column names, folded), so that the next file of the same shape maps the same way.
create table import_mapping (
  org_id integer not null references org (id),
  list text not null,
  shape text not null,
  mapping jsonb not null,
  updated_at timestamptz not null,
  updated_by integer,
  primary key (org_id, list, shape)
);
