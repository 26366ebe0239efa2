import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { paged } from '../../contracts/common.ts';
import { memberRow } from '../../contracts/people.ts';
import { taskSummary } from '../../contracts/tasks.ts';
import { compileResponseSerializer, hasSerializerPlan } from './serializer.ts';

const route = { method: 'GET', url: '/api/test' };
const byZod = (schema: z.ZodType) =>
  zodSerializerCompiler({ schema, method: 'GET', url: '/api/test', httpStatus: '200' });

const row = {
  id: 7,
  name: '王小明',
  gender: 'male',
  ethnicity: null,
  birthDate: '1980-05-06',
  birthYearMonth: '1980-05',
  age: 46,
  education: null,
  idNumber: '339901198005061234',
  phone: '13900001111',
  status: 'full',
  orgId: 147,
  orgName: '某某社区党支部',
  joinDate: '2001-07-01',
  fullDate: null,
  isFloating: false,
  isRetired: true,
};

test('the hot lists (members, tasks) are serialised by plan, not by zod', () => {
  assert.equal(hasSerializerPlan(paged(memberRow)), true);
  assert.equal(hasSerializerPlan(paged(taskSummary)), true);
});

test('writes what zod writes, byte for byte, leaving out undeclared keys', () => {
  const schema = paged(memberRow).extend({ nextCursor: z.string().nullable().optional() });
  const values = [
    { items: [row, { ...row, id: 8, secret: 'x' }], total: 2, page: 1, pageSize: 20, extra: true },
    { items: [], total: 0, page: 1, pageSize: 20, nextCursor: null },
    { items: [row], total: 1, page: 1, pageSize: 20, nextCursor: 'abc', passwordHash: 'no' },
  ];
  const mine = compileResponseSerializer(schema, route);
  for (const v of values) assert.equal(mine(v), byZod(schema)(v));
  assert.doesNotMatch(mine(values[0]), /secret|extra/);
});

test('parts without a plan (formats, refinements, unions, records, defaults) are encoded by zod, part by part', () => {
  const schema = z.object({
    at: z.iso.datetime(),
    short: z.string().max(3),
    either: z.union([z.number(), z.string()]),
    counts: z.record(z.string(), z.number()),
    list: z.array(z.object({ k: z.literal('a'), v: z.unknown() })),
    kind: z.enum(['x', 'y']).default('x'),
    loose: z.looseObject({ a: z.number() }),
  });
  const value = {
    at: '2026-12-05T10:00:00Z',
    short: 'abc',
    either: 'two',
    counts: { a: 1, b: 2 },
    list: [{ k: 'a', v: { deep: [1, null] }, drop: 1 }],
    kind: 'y',
    loose: { a: 1, b: 2 },
  };
  assert.equal(hasSerializerPlan(schema), true);
  assert.equal(compileResponseSerializer(schema, route)(value), byZod(schema)(value));
});

test('a value that does not fit the schema is refused as zod refuses it (the same error)', () => {
  const schema = paged(memberRow);
  const mine = compileResponseSerializer(schema, route);
  const bad = [
    { items: [{ ...row, age: '46' }], total: 1, page: 1, pageSize: 20 },
    { items: [{ ...row, status: 'nobody' }], total: 1, page: 1, pageSize: 20 },
    { items: [{ ...row, name: undefined }], total: 1, page: 1, pageSize: 20 },
    { items: [row], total: 1.5, page: 1, pageSize: 20 },
    { items: [{ ...row, at: 1 }], total: Number.NaN, page: 1, pageSize: 20 },
    { items: 'none', total: 1, page: 1, pageSize: 20 },
  ];
  for (const v of bad) {
    assert.throws(
      () => mine(v),
      (e: Error & { code?: string }) => e.code === 'FST_ERR_RESPONSE_SERIALIZATION',
    );
    assert.throws(
      () => byZod(schema)(v),
      (e: Error & { code?: string }) => e.code === 'FST_ERR_RESPONSE_SERIALIZATION',
    );
  }
});

test('a schema zod alone can write (a union at the top) keeps zod’s serializer', () => {
  const schema = z.union([z.object({ a: z.number() }), z.object({ b: z.string() })]);
  assert.equal(hasSerializerPlan(schema), false);
  assert.equal(compileResponseSerializer(schema, route)({ b: 'x', c: 1 }), byZod(schema)({ b: 'x', c: 1 }));
});
