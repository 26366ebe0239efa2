import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { ENGINES, openTestDatabase } from '../test/engines.ts';
import { boolArrayLiteral, intArrayLiteral, textArrayLiteral } from './array-literal.ts';
import type { Database } from './client.ts';

/** Values that an array literal could misread: quotes, backslashes, separators, braces, spaces, NULL as a word. */
const AWKWARD = [
  '',
  ' ',
  '  前后有空格  ',
  'NULL',
  'null',
  'a,b',
  '{x}',
  '"',
  '\\',
  '\\"',
  "O'Brien",
  '阿依古丽·买买提',
  '行一\n行二\t制表',
  '😀 表情',
  '\\N',
];

test('the literals as written', () => {
  assert.equal(textArrayLiteral(['a', null, 'b"c', 'd\\e']), '{"a",NULL,"b\\"c","d\\\\e"}');
  assert.equal(textArrayLiteral([]), '{}');
  assert.equal(intArrayLiteral([1, null, -3]), '{1,NULL,-3}');
  assert.equal(boolArrayLiteral([true, false, null]), '{t,f,NULL}');
  assert.throws(() => intArrayLiteral([1.5]), RangeError);
  assert.throws(() => intArrayLiteral([Number.NaN]), RangeError);
});

for (const engine of ENGINES) {
  describe(`array literals read back unchanged [${engine}]`, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase(engine);
    });
    after(() => database.close());

    test('text, with every awkward value and nulls, in order', async () => {
      const values = [...AWKWARD, null, ...AWKWARD.map((s) => `${s}${s}`)];
      const { rows } = await sql<{ v: string | null; n: number }>`
        select v, n::int from unnest(${textArrayLiteral(values)}::text[]) with ordinality as t(v, n)
        order by n`.execute(database.db);
      assert.deepEqual(
        rows.map((r) => r.v),
        values,
      );
    });

    test('dates, integers and booleans', async () => {
      const { rows } = await sql<{ d: string | null; i: number | null; b: boolean | null }>`
        select to_char(d, 'YYYY-MM-DD') as d, i, b
        from unnest(${textArrayLiteral(['2024-02-29', null, '0001-01-01'])}::date[],
                    ${intArrayLiteral([2147483647, -1, null])}::int[],
                    ${boolArrayLiteral([true, null, false])}::boolean[]) as t(d, i, b)`.execute(database.db);
      assert.deepEqual(rows, [
        { d: '2024-02-29', i: 2147483647, b: true },
        { d: null, i: -1, b: null },
        { d: '0001-01-01', i: null, b: false },
      ]);
    });
  });
}
