import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleCatalog, rulesWithoutSummary } from './catalog.ts';
import { RULESETS } from './ruleset.ts';

test('every rule value of every rule set has a one-line summary in Chinese', () => {
  for (const set of RULESETS) assert.deepEqual(rulesWithoutSummary(set), [], set.version);
});

test('the catalogue lists each rule once with id, area, summary, params, source, tag and effective date', () => {
  const list = ruleCatalog('2026-12-05');
  const ids = list.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const r of list) {
    assert.match(r.id, /^[a-z]+(\.[A-Za-z_]+)+$/);
    assert.match(r.summary, /[\u4e00-\u9fff]/, r.id);
    assert.ok(['C', 'S'].includes(r.tag), r.id);
    assert.match(r.effectiveFrom, /^\d{4}-\d{2}-\d{2}$/, r.id);
    assert.ok(r.source.length > 0, r.id);
  }
  const committee = list.find((r) => r.id === 'life.committeeMeeting')!;
  assert.deepEqual(
    { area: committee.area, summary: committee.summary, params: committee.params, tag: committee.tag },
    { area: 'life', summary: '支部委员会会议每月至少1次', params: { count: 1, months: 1 }, tag: 'C' },
  );
  assert.equal(committee.article, '第十二条');
  assert.equal(
    list.find((r) => r.id === 'dues.salaried')!.summary,
    '在职党员按月税后工资收入：3000 元及以下 0.5%；5000 元及以下 1%；10000 元及以下 1.5%；以上 2%',
  );
  assert.equal(list.find((r) => r.id === 'development.activistMinYears')!.area, 'people');
  assert.equal(list.find((r) => r.id === 'burden.caps')!.area, 'supervise');
  // An UNCONFIRMED or local number is never tagged confirmed.
  assert.equal(list.find((r) => r.id === 'development.publicNoticeWorkingDays')!.tag, 'S');
  assert.equal(list.find((r) => r.id === 'rectify.inspectionRectifyMonths')!.tag, 'S');
});
