import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canChase, checkBatchWithdrawal, isLate } from './assignment-batch.ts';

test('a batch is withdrawn whole while no receiver has started; withdrawn members do not count', () => {
  assert.deepEqual(
    checkBatchWithdrawal([
      { state: 'not_started', ledgerEntries: 0 },
      { state: 'not_started', ledgerEntries: 0 },
      { state: 'cancelled', ledgerEntries: 0 },
    ]),
    { ok: true, withdraw: 2 },
  );
});

test('one receiver that started (or recorded a ledger entry) stops the whole-batch withdrawal, and says how many', () => {
  const started = checkBatchWithdrawal([
    { state: 'not_started', ledgerEntries: 0 },
    { state: 'in_progress', ledgerEntries: 0 },
  ]);
  assert.equal(started.ok, false);
  assert.equal(!started.ok && started.code, 'BATCH_STARTED');
  assert.equal(!started.ok && started.started, 1);
  const recorded = checkBatchWithdrawal([{ state: 'not_started', ledgerEntries: 1 }]);
  assert.equal(!recorded.ok && recorded.started, 1);
  const done = checkBatchWithdrawal([{ state: 'done', ledgerEntries: 0 }]);
  assert.equal(done.ok, false);
});

test('an already withdrawn batch cannot be withdrawn again', () => {
  const r = checkBatchWithdrawal([{ state: 'cancelled', ledgerEntries: 0 }]);
  assert.equal(!r.ok && r.code, 'BATCH_EMPTY');
  assert.equal(checkBatchWithdrawal([]).ok, false);
});

test('only open work is chased; late means overdue or lagging and open', () => {
  assert.deepEqual((['not_started', 'in_progress', 'submitted', 'done', 'cancelled'] as const).map(canChase), [
    true,
    true,
    false,
    false,
    false,
  ]);
  assert.equal(isLate({ state: 'in_progress', isOverdue: true, isLagging: false }), true);
  assert.equal(isLate({ state: 'not_started', isOverdue: false, isLagging: true }), true);
  assert.equal(isLate({ state: 'in_progress', isOverdue: false, isLagging: false }), false);
  assert.equal(isLate({ state: 'submitted', isOverdue: true, isLagging: false }), false);
});
