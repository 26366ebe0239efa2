import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { toCopyLine } from '../../db/client.ts';
import { copyChunks, orgLine, personLine, positionLine, tableChunks } from './copy-lines.ts';
import { generateCity } from './generate.ts';
import type { GenerateOptions } from './generate-types.ts';

const TODAY = '2026-11-23';
const FIRST: GenerateOptions = { today: TODAY, firstOrgId: 1, firstPersonId: 1 };
const SECOND: GenerateOptions = {
  today: TODAY,
  firstOrgId: 539,
  firstPersonId: 19_403,
  codePrefix: 'S539-',
  idNumberCounty: 1,
};

/**
 * SHA-256 of the COPY text of the district profile, taken with the generic toCopyLine before the seed had
 * line writers of its own: the rows must stay byte for byte what they were. A change to the generator
 * that is meant to change the data updates these (and says so in its commit).
 */
const GOLDEN = {
  first: {
    orgs: 'c3f5cb56f56e419fd9fed590acab03257f9e50b91d740cff6d23b115a75fd7fa',
    people: '813df777e0c66ad4c357a828742974a9d688d5b88f483da4a792ae25e6f65ca4',
    first5000: '74f6d0fc00da247909b4bc0e543ff3d6dc2c076f97a9353f2d8e4b3518548f08',
    positions: '0dbb386db3ba110cce5c14dbc18ba45b25084a99217b60d7151933362de4e68a',
  },
  second: {
    orgs: 'b567ad8eefabde7c7ef923dd18e0b71695ea3448d852581b726e366211b58e7b',
    people: '51b00a253ebe304f845c6b019224da18c4097a506e1eb5617d94f2a93314cfec',
    first5000: '2a0b7aa0e1c57d4e947361e3a5b7da42185922040180daee07501afd32bfb2c1',
    positions: '046ec105522def9a14066539b8670777fb2513047bf435303f7aa85189bf2ad3',
  },
};

const sha = (parts: Iterable<string | Uint8Array>): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

function* bytesOf(chunks: Iterable<{ bytes: Uint8Array }>): Generator<Uint8Array> {
  for (const c of chunks) yield c.bytes;
}

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  for (const item of items) {
    yield item;
    if (--n === 0) return;
  }
}

describe('seed COPY lines', () => {
  for (const [label, opts] of [
    ['first', FIRST],
    ['second', SECOND],
  ] as const) {
    test(`the district's COPY text is unchanged (${label} city in a database)`, () => {
      const city = generateCity('district', opts);
      const golden = GOLDEN[label];
      assert.equal(sha(city.orgs.map(orgLine)), golden.orgs);
      assert.equal(sha(bytesOf(copyChunks(take(city.people(), 5000), personLine, 4096))), golden.first5000);
      assert.equal(sha(bytesOf(tableChunks(city, 'person'))), golden.people);
      assert.equal(sha(bytesOf(tableChunks(city, 'org_position'))), golden.positions);
    });
  }

  test('every line is what the generic toCopyLine writes for the row', () => {
    const city = generateCity('district', SECOND);
    for (const o of city.orgs) {
      const row = [
        o.id,
        o.parentId,
        o.path,
        o.regionId,
        o.code,
        o.name,
        o.type,
        o.field,
        o.status,
        o.establishedOn,
        o.termStartedOn,
        o.termYears,
        o.sortOrder,
        o.type === 'committee' && ['province', 'city', 'district', 'town', 'street'].includes(o.level ?? ''),
        o.level === 'village' || o.level === 'community' ? o.level : null,
      ];
      assert.equal(orgLine(o), toCopyLine(row));
    }
    for (const p of city.people()) {
      const row = [
        p.id,
        p.orgId,
        p.regionId,
        p.name,
        p.namePinyin,
        p.nameInitials,
        p.gender,
        p.ethnicity,
        p.birthDate,
        p.education,
        p.idNumber,
        p.phone,
        p.status,
        p.appliedOn,
        p.joinDate,
        p.fullDate,
        p.isFloating,
        p.isRetired,
      ];
      assert.equal(personLine(p), toCopyLine(row));
    }
    for (const p of city.positions())
      assert.equal(positionLine(p), toCopyLine([p.orgId, p.personId, p.title, p.portfolio, p.startedOn]));
  });

  test('free text is escaped; chunks hold whole lines and count them', () => {
    const city = generateCity('district', FIRST);
    const position = city.positions().next().value!;
    assert.equal(
      positionLine({ ...position, portfolio: 'a\tb\\c\nd\re' }),
      toCopyLine([position.orgId, position.personId, position.title, 'a\tb\\c\nd\re', position.startedOn]),
    );
    const chunks = [...tableChunks(city, 'person', 10_000)];
    assert.ok(chunks.length > 100);
    assert.equal(
      chunks.reduce((n, c) => n + c.rows, 0),
      city.personCount,
    );
    for (const c of chunks) {
      assert.equal(c.bytes[c.bytes.length - 1], 0x0a);
      assert.equal(c.bytes.filter((b) => b === 0x0a).length, c.rows);
      assert.equal(c.bytes.byteOffset, 0, 'a buffer of its own, transferable');
    }
  });
});
