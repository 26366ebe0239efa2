import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeTable, inTable, isHanUnit, isJsSpace } from './chars.ts';

test('isJsSpace agrees with \\s on every UTF-16 code unit', () => {
  for (let c = 0; c <= 0xffff; c++)
    assert.equal(isJsSpace(c), /\s/.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
});

test('isHanUnit agrees with \\p{Script=Han} on every UTF-16 code unit, and is false past the ends of a string', () => {
  for (let c = 0; c <= 0xffff; c++) {
    assert.equal(isHanUnit(c), /\p{Script=Han}/u.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
  }
  assert.equal(isHanUnit(''.charCodeAt(0)), false);
});

test('a code table holds the first character of each word, and nothing at NaN', () => {
  const table = codeTable(['组织部', '宣传部', '']);
  assert.equal(inTable(table, '组'.charCodeAt(0)), true);
  assert.equal(inTable(table, '宣'.charCodeAt(0)), true);
  assert.equal(inTable(table, '织'.charCodeAt(0)), false);
  assert.equal(inTable(table, Number.NaN), false);
});
