import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canGrantRole, hasPermission, ROLES } from './roles.ts';

test('an administrator grants roles no higher than their own; a secretary grants none', () => {
  assert.equal(canGrantRole('orgadmin', 'secretary'), true);
  assert.equal(canGrantRole('orgadmin', 'orgadmin'), true);
  assert.equal(canGrantRole('orgadmin', 'sysadmin'), false);
  assert.equal(canGrantRole('secretary', 'member'), false);
});

test('only the system administrator reads the authentication log', () => {
  assert.deepEqual(
    ROLES.filter((r) => hasPermission(r, 'auth:log')),
    ['sysadmin'],
  );
});
