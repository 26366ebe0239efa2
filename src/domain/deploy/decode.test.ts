import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeText, isUtf8 } from './decode.ts';

// GB2312/GB18030 codes of a few characters, from the code table: 中 D6D0, 国 B9FA, 共 B9B2, 产 B2FA, 党 B5B3.
const GB_ZHONGGUO_GONGCHANDANG = [0xd6, 0xd0, 0xb9, 0xfa, 0xb9, 0xb2, 0xb2, 0xfa, 0xb5, 0xb3];

test('UTF-8 text is read as UTF-8, with or without a byte-order mark', () => {
  const bytes = new TextEncoder().encode('一、加强党的建设');
  assert.deepEqual(decodeText(bytes), { text: '一、加强党的建设', encoding: 'utf-8' });
  const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
  assert.deepEqual(decodeText(withBom), { text: '一、加强党的建设', encoding: 'utf-8' });
});

test('GB18030 bytes are not UTF-8 and are read as GB18030 (中国共产党)', () => {
  const bytes = new Uint8Array(GB_ZHONGGUO_GONGCHANDANG);
  assert.equal(isUtf8(bytes), false);
  assert.deepEqual(decodeText(bytes), { text: '中国共产党', encoding: 'gb18030' });
});

test('GB18030 mixed with ASCII digits and line breaks keeps them', () => {
  const bytes = new Uint8Array([0x31, 0x2e, ...GB_ZHONGGUO_GONGCHANDANG.slice(0, 4), 0x0d, 0x0a, 0x32, 0x30]);
  assert.deepEqual(decodeText(bytes), { text: '1.中国\r\n20', encoding: 'gb18030' });
});

test('pure ASCII and empty input are UTF-8', () => {
  assert.deepEqual(decodeText(new Uint8Array([0x61, 0x62])), { text: 'ab', encoding: 'utf-8' });
  assert.deepEqual(decodeText(new Uint8Array([])), { text: '', encoding: 'utf-8' });
});

test('a UTF-8 file cut inside its last character is still UTF-8', () => {
  const bytes = new TextEncoder().encode('落实落实');
  const cut = bytes.subarray(0, bytes.length - 1);
  const r = decodeText(cut);
  assert.equal(r.encoding, 'utf-8');
  assert.ok(r.text.startsWith('落实落'));
});

test('overlong forms, surrogates and bytes above U+10FFFF are not UTF-8', () => {
  assert.equal(isUtf8(new Uint8Array([0xc0, 0xaf])), false);
  assert.equal(isUtf8(new Uint8Array([0xe0, 0x80, 0xaf])), false);
  assert.equal(isUtf8(new Uint8Array([0xed, 0xa0, 0x80])), false);
  assert.equal(isUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80])), false);
  assert.equal(isUtf8(new Uint8Array([0xf0, 0x9f, 0x98, 0x80])), true);
});
