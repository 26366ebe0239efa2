import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openTestDatabase } from '../test/engines.ts';
import { type Database, openDatabase } from './client.ts';

/** What the one connection of a pool of one has prepared (pg_prepared_statements is per session). */
async function prepared(database: Database): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`
    select statement from pg_prepared_statements where from_sql = false order by statement`.execute(database.db);
  return rows.map((r) => r.statement);
}

describe('repeated statements as named prepared statements [postgres]', () => {
  let url: string;
  let base: Database;
  before(async () => {
    base = await openTestDatabase('postgres');
    // The test database's own URL: its pool's connection string.
    url = (base.pool as unknown as { options: { connectionString: string } }).options.connectionString;
  });
  after(() => base.close());

  test('a text seen three times is prepared once per connection, then reused; results do not change', async () => {
    const database = await openDatabase({ engine: 'postgres', url, poolSize: 1 });
    try {
      const answers: number[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await sql<{ n: number }>`select ${i}::int + 1 as n`.execute(database.db);
        answers.push(r.rows[0]!.n);
      }
      assert.deepEqual(answers, [1, 2, 3, 4, 5, 6]);
      const statements = await prepared(database);
      assert.equal(statements.filter((s) => s.includes('select $1::int + 1 as n')).length, 1, String(statements));
      // A text without parameters may hold several commands (a migration): never prepared, however often sent.
      for (let i = 0; i < 4; i++) await sql.raw('select 1; select 2').execute(database.db);
      assert.ok(!(await prepared(database)).some((s) => s.includes('select 2')));
      // A text sent once or twice is not prepared.
      await sql`select 'once' as x where ${1} = 1`.execute(database.db);
      assert.ok(!(await prepared(database)).some((s) => s.includes("'once'")));
    } finally {
      await database.close();
    }
  });

  test('LUOSHI_PG_PREPARED=off (prepare: false) sends every statement unnamed, as PgBouncer < 1.21 needs', async () => {
    const database = await openDatabase({ engine: 'postgres', url, poolSize: 1, prepare: false });
    try {
      for (let i = 0; i < 6; i++) await sql`select ${i}::int + 2 as n`.execute(database.db);
      assert.deepEqual(await prepared(database), []);
    } finally {
      await database.close();
    }
  });

  test('a transaction and a statement that fails leave the prepared statements usable', async () => {
    const database = await openDatabase({ engine: 'postgres', url, poolSize: 1 });
    try {
      for (let i = 0; i < 4; i++) await sql`select ${i}::int as n`.execute(database.db);
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await sql`select ${1}::int as n`.execute(trx);
          await sql`select 1 / ${0}::int as n`.execute(trx);
        }),
        /division by zero/,
      );
      const r = await sql<{ n: number }>`select ${7}::int as n`.execute(database.db);
      assert.equal(r.rows[0]!.n, 7);
    } finally {
      await database.close();
    }
  });
});
