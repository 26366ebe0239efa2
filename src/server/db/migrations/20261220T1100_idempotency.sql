-- Idempotency keys: a state-changing request that carries an Idempotency-Key is executed once per account and key;
-- a retry (the network dropped the answer, a double click) gets the first answer back and writes nothing.
create table idempotency_key (
  user_id integer not null,
  key text not null,
  method text not null,
  path text not null,
  -- null while the first request is being handled
  status integer,
  content_type text,
  body bytea,
  created_at timestamptz not null,
  primary key (user_id, key)
);
create index idempotency_key_created_idx on idempotency_key (created_at);
