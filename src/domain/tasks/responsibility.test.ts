import assert from 'node:assert/strict';
import { test } from 'node:test';
import { portfolioItems, portfolioMatches } from './responsibility.ts';

test('a 分管 portfolio is read as its items', () => {
  assert.deepEqual(portfolioItems('分管组织、党员发展'), ['组织', '党员发展']);
  assert.deepEqual(portfolioItems('负责宣传和意识形态工作'), ['宣传', '意识形态']);
  assert.deepEqual(portfolioItems('纪检'), ['纪检']);
});

test('a committee member answers for tasks mentioning an item of their portfolio (一岗双责)', () => {
  assert.equal(portfolioMatches('分管组织、党员发展', '严格党员发展程序，做好发展对象培训'), true);
  assert.equal(portfolioMatches('分管宣传', '推进集体经济增收'), false);
  assert.equal(portfolioMatches('', '任何任务'), false);
});
