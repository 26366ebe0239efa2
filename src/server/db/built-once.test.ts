import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { ENGINES, openTestDatabase } from '../test/engines.ts';
import { builtOnce, changedBy, firstOf, rowsOf } from './built-once.ts';
import type { Database } from './client.ts';

for (const engine of ENGINES) {
  describe(`queries built once [${engine}]`, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase(engine);
      await sql`create table built_once_t (id int primary key, name text not null, at date, tags text[])`.execute(
        database.db,
      );
      await sql`insert into built_once_t values (1, '甲', '2024-02-29', '{a,b}'), (2, '乙', null, '{}'),
        (3, 'O''Brien', '2026-12-31', null)`.execute(database.db);
    });
    after(async () => {
      await database.close();
    });

    test('built once, bound at each call: the same rows as the query built at each call', async () => {
      let builds = 0;
      const byName = builtOnce((db, name: string, minId: number) => {
        builds++;
        return db
          .selectFrom('built_once_t' as never)
          .select(['id' as never, 'name' as never])
          .where('name' as never, '=', name as never)
          .where('id' as never, '>=', minId as never)
          .where('id' as never, '<', 100 as never); // a value fixed in the build stays
      });
      for (const [name, minId] of [
        ['甲', 1],
        ['乙', 1],
        ["O'Brien", 3],
        ['甲', 2],
        ['无', 0],
      ] as const) {
        const once = await rowsOf(database.db, byName(database.db, name, minId));
        const { rows } = await sql`select id, name from built_once_t where name = ${name} and id >= ${minId}`.execute(
          database.db,
        );
        assert.deepEqual(once, rows, `${name} ${minId}`);
      }
      assert.equal(builds, 1);
      // Calls at once do not share their values.
      const all = await Promise.all(
        ['甲', '乙', "O'Brien"].map((n) => firstOf(database.db, byName(database.db, n, 0))),
      );
      assert.deepEqual(
        all.map((r) => (r as { name: string }).name),
        ['甲', '乙', "O'Brien"],
      );
    });

    test('a value used twice, nulls, dates and arrays as values; in a transaction; rows changed', async () => {
      const touch = builtOnce((db, name: string | null, id: number) =>
        db
          .updateTable('built_once_t' as never)
          .set({ name: sql`coalesce(${name}::text, name)` } as never)
          .where(sql<boolean>`id = ${id}::int or (${id}::int < 0 and id = -${id}::int)`),
      );
      const n = await database.db.transaction().execute(async (trx) => {
        const a = await changedBy(trx, touch(trx, null, 1));
        const b = await changedBy(trx, touch(trx, '丙', -2));
        return a + b;
      });
      assert.equal(n, 2);
      const { rows } = await sql<{ id: number; name: string }>`select id, name from built_once_t order by id`.execute(
        database.db,
      );
      assert.deepEqual(
        rows.map((r) => r.name),
        ['甲', '丙', "O'Brien"],
      );
      const tagged = builtOnce((db, tags: string[]) =>
        db
          .selectFrom('built_once_t' as never)
          .select('id' as never)
          .where(sql<boolean>`tags && ${tags}::text[]`),
      );
      assert.deepEqual(await rowsOf(database.db, tagged(database.db, ['b', 'z'])), [{ id: 1 }]);
      assert.deepEqual(await rowsOf(database.db, tagged(database.db, [])), []);
    });

    test('a value that does not reach the SQL as a parameter is refused when first built', () => {
      const unused = builtOnce((db, _id: number) => db.selectFrom('built_once_t' as never).select('id' as never));
      assert.throws(() => unused(database.db, 1), /value 1 of 1 does not reach the SQL/);
      // Made into the SQL text (a column named by the value): no parameter carries it.
      const asText = builtOnce((db, column: string) =>
        db.selectFrom('built_once_t' as never).select(sql.raw(`${column}`).as('x') as never),
      );
      assert.throws(() => asText(database.db, 'name'), /does not reach the SQL/);
    });
  });
}
