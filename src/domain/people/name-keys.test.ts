import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameKeys } from './name-keys.ts';

test('pinyin initials of a name search it by initials (张海生 → zhs)', () => {
  assert.deepEqual(nameKeys('张海生'), { pinyin: 'zhang hai sheng', initials: 'zhs' });
});

test('surnames are read as surnames (单 → shan, 曾 → zeng)', () => {
  assert.equal(nameKeys('单雄').pinyin.split(' ')[0], 'shan');
  assert.equal(nameKeys('曾文').pinyin.split(' ')[0], 'zeng');
  assert.equal(nameKeys('单子强').pinyin, 'shan zi qiang'); // 单子 is also a word (dānzi)
  assert.equal(nameKeys('单一明').initials, 'sym');
});

test('empty and non-Chinese names give empty or plain keys', () => {
  assert.deepEqual(nameKeys('  '), { pinyin: '', initials: '' });
  assert.equal(nameKeys('Anna').initials, 'a');
});
