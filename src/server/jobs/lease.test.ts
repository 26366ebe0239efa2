import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../db/client.ts';
import { adminUrl, openTestDatabase } from '../test/engines.ts';
import { jobLease } from './lease.ts';

/** The periodic jobs run in one process at a time: the lease passes to another when its holder goes. */
let database: Database;
let url: string;
before(async () => {
  database = await openTestDatabase('postgres');
  const { rows } = await sql<{ db: string }>`select current_database() as db`.execute(database.db);
  const u = new URL(await adminUrl());
  u.pathname = `/${rows[0]!.db}`;
  url = u.toString();
});
after(() => database.close());

test('one holder at a time; the next takes over when the holder releases or its connection dies', async () => {
  const key = 77_001;
  const a = jobLease(url, key);
  const b = jobLease(url, key);
  assert.equal(await a.held(), true);
  assert.equal(await b.held(), false);
  assert.equal(await a.held(), true, 'the holder keeps it');
  await a.release();
  assert.equal(await b.held(), true);
  // The holder's connection is killed (the process died): the lock is freed with it.
  await sql`select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and objid = ${key}`.execute(
    database.db,
  );
  const c = jobLease(url, key);
  let taken = false;
  for (let i = 0; i < 50 && !taken; i++) {
    taken = await c.held();
    if (!taken) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(taken, true);
  await b.release();
  await c.release();
});

test('the embedded database has one process, which always holds the lease', async () => {
  assert.equal(await jobLease(null).held(), true);
});
