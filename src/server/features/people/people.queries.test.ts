import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemScope } from '../../auth/scope.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { insertOrg } from '../../test/factories.ts';
import { COUNT_CAP, insertPeople, listMembers } from './people.queries.ts';

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

  test('a name search counts up to the cap and says so; a page is in order among the matches; terms of any length', async () => {
    const org = await insertOrg(ctx.database, null, { code: 'PQ-2', name: '计数测试党委', type: 'committee' });
    const given = '一二三四五六七八九十';
    const people = Array.from({ length: COUNT_CAP + 50 }, (_, i) => ({
      org_id: org.id,
      region_id: org.id,
      // 汪 + two characters; the pinyin key orders them (wang + the index, zero-padded).
      name: `汪${given[i % 10]}${given[Math.floor(i / 10) % 10]}`,
      name_pinyin: `wang ${String(i).padStart(6, '0')}`,
      name_initials: 'w',
      status: 'applicant' as const,
    }));
    people.push({ ...people[0]!, name: '欧阳汪', name_pinyin: 'ouyang wang', name_initials: 'oyw' });
    await ctx.database.db.transaction().execute((trx) => insertPeople(trx, people));
    const scope = systemScope(org.path, org.id);
    const list = (q: string) =>
      listMembers(
        ctx.database.db,
        scope,
        { orgId: org.id, orgPath: org.path, descendants: true, q },
        { sort: 'name', order: 'asc' },
        { limit: 20, offset: 0 },
        '2026-12-06',
      );
    const common = await list('汪');
    assert.equal(common.total, COUNT_CAP);
    assert.equal(common.totalCapped, true);
    assert.equal(common.rows.length, 20);
    const keys = common.rows.map((r) => r.name_pinyin);
    assert.deepEqual(keys, [...keys].sort(), 'the page is in the list’s order');
    const two = await list('汪一');
    assert.deepEqual([two.total, two.totalCapped], [people.filter((p) => p.name.includes('汪一')).length, false]);
    assert.ok(two.rows.every((r) => r.name.includes('汪一')));
    const inner = await list('阳汪');
    assert.deepEqual(
      inner.rows.map((r) => r.name),
      ['欧阳汪'],
      'a term inside the name',
    );
    const pinyin = await list('oyw');
    assert.deepEqual(
      pinyin.rows.map((r) => r.name),
      ['欧阳汪'],
      'initials',
    );
    const none = await list('鑫');
    assert.deepEqual([none.total, none.totalCapped, none.rows.length], [0, false, 0]);
  });
});
