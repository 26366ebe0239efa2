import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeOnEngines } from '../../test/engines.ts';
import { insertOrg } from '../../test/factories.ts';
import { insertPeople } from './people.queries.ts';

describeOnEngines('people queries', (ctx) => {
  test('insertPeople sends each column as one array: text that array syntax uses, nulls, dates and flags arrive as given', async () => {
    const org = await insertOrg(ctx.database, null, { code: 'PQ-1', name: '数组测试党委', type: 'committee' });
    const at = new Date('2026-12-06T08:00:00Z');
    const awkward = ['{a,b}', 'say "hi"', 'back\\slash', 'NULL', '', ' 空 格 ', '逗,号'];
    await ctx.database.db.transaction().execute((trx) =>
      insertPeople(
        trx,
        awkward.map((ethnicity, i) => ({
          org_id: org.id,
          region_id: org.id,
          name: `数组${'甲乙丙丁戊己庚'[i]}`,
          name_pinyin: 'shu zu',
          name_initials: 'sz',
          ethnicity,
          birth_date: i % 2 === 0 ? '1980-02-29' : null,
          status: 'applicant',
          is_floating: i === 1,
          created_at: at,
          updated_at: at,
        })),
      ),
    );
    const rows = await ctx.database.db
      .selectFrom('person')
      .select(['name', 'ethnicity', 'birth_date', 'is_floating', 'is_retired', 'gender', 'created_at'])
      .where('org_id', '=', org.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      rows.map((r) => r.ethnicity),
      awkward,
    );
    assert.deepEqual(
      rows.map((r) => (r.birth_date === null ? null : String(r.birth_date).slice(0, 10))),
      awkward.map((_, i) => (i % 2 === 0 ? '1980-02-29' : null)),
    );
    assert.deepEqual(
      rows.map((r) => [r.is_floating, r.is_retired, r.gender]),
      awkward.map((_, i) => [i === 1, false, null]),
    );
    assert.ok(rows.every((r) => new Date(r.created_at).getTime() === at.getTime()));
    await ctx.database.db.transaction().execute((trx) => insertPeople(trx, []));
  });
});
