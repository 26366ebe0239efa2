import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEvidenceFile } from './evidence-type.ts';

const MB = 1024 * 1024;
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const pdf = new TextEncoder().encode('%PDF-1.7\n...');
const zipWith = (name: string) =>
  Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode(`....${name}....`)]);

test('accepts images, PDF, docx and xlsx by their bytes', () => {
  assert.deepEqual(checkEvidenceFile(png, 'a.png', MB), { ok: true, kind: 'png', mime: 'image/png' });
  assert.equal(checkEvidenceFile(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]), 'a.jpg', MB).ok, true);
  const p = checkEvidenceFile(pdf, 'x.pdf', MB);
  assert.ok(p.ok && p.kind === 'pdf');
  const docx = checkEvidenceFile(zipWith('word/document.xml'), 'x.docx', MB);
  assert.ok(docx.ok && docx.kind === 'docx');
  const xlsx = checkEvidenceFile(zipWith('xl/workbook.xml'), 'x.xlsx', MB);
  assert.ok(xlsx.ok && xlsx.kind === 'xlsx');
});

test('refuses a text file renamed .pdf, an unknown zip and an empty file, in Chinese', () => {
  const txt = checkEvidenceFile(new TextEncoder().encode('hello'), '伪装.pdf', MB);
  assert.ok(!txt.ok && txt.code === 'EVIDENCE_TYPE' && txt.message.includes('伪装.pdf'));
  assert.ok(!checkEvidenceFile(zipWith('other/thing'), 'a.zip', MB).ok);
  const empty = checkEvidenceFile(new Uint8Array(), 'a.png', MB);
  assert.ok(!empty.ok && empty.code === 'EVIDENCE_EMPTY');
});

test('the size limit: exactly the limit passes, one byte more is refused', () => {
  const at = new Uint8Array(1000);
  at.set(pdf);
  assert.equal(checkEvidenceFile(at, 'a.pdf', 1000).ok, true);
  const over = new Uint8Array(1001);
  over.set(pdf);
  const r = checkEvidenceFile(over, 'a.pdf', 1000);
  assert.ok(!r.ok && r.code === 'EVIDENCE_TOO_LARGE');
});
