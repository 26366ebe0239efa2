import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMessageKey, placeholdersOf } from '../messages.ts';
import { ASSESS_CODES, refusal } from './refusal.ts';

test('every refusal code has its message err.assess.<code>', () => {
  for (const code of ASSESS_CODES) assert.ok(isMessageKey(`err.assess.${code}`), code);
});

test('a refusal carries its code, its parameters and the Chinese text with them filled in', () => {
  const r = refusal('sumMismatch', { path: '组织生活', sum: 25, max: 30 });
  assert.equal(r.code, 'sumMismatch');
  assert.deepEqual(r.params, { path: '组织生活', sum: 25, max: 30 });
  assert.equal(r.msg.key, 'err.assess.sumMismatch');
  assert.match(r.message, /组织生活/);
  assert.deepEqual(placeholdersOf(r.message), []);
});
