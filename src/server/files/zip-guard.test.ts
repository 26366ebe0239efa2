import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import mammoth from 'mammoth';
import { DOCX_ZIP_LIMITS, MB } from '../../domain/files/limits.ts';
import { msg, renderMessage } from '../../domain/messages.ts';
import { AppError } from '../errors.ts';
import { DOCX_PARAGRAPH_BYTES, docxOf, writeZip } from '../test/zip-writer.ts';
import { assertZipDirectoryWithinLimits, assertZipWithinLimits } from './zip-guard.ts';

const limits = { maxEntryBytes: 1 * MB, maxTotalBytes: 2 * MB, maxEntries: 5, what: msg('err.zip.roster') };

async function refusal(data: Buffer, opts = limits, guard = assertZipWithinLimits): Promise<AppError> {
  try {
    await guard(data, opts);
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    return e;
  }
  assert.fail('the archive was not refused');
}

describe('zip guard: an archive is refused before a reader expands it', () => {
  test('lets through an archive within the limits, and mammoth reads it', async () => {
    const docx = docxOf(100);
    await assertZipWithinLimits(docx, { ...DOCX_ZIP_LIMITS, what: msg('err.zip.docx', { file: 'a.docx' }) });
    const { value } = await mammoth.extractRawText({ buffer: docx });
    assert.match(value, /全面加强基层党组织建设/);
  });

  test('refuses an entry that expands beyond the per-entry limit (a 20 MB document.xml in a few KB)', async () => {
    const bomb = docxOf(Math.ceil((20 * MB) / DOCX_PARAGRAPH_BYTES));
    assert.ok(bomb.length < 200 * 1024, `the bomb is ${bomb.length} bytes`);
    const e = await refusal(bomb, { ...DOCX_ZIP_LIMITS, what: msg('err.zip.docx', { file: '讲话.docx' }) });
    assert.equal(e.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(e.message, 'Word 文件“讲话.docx”中的单个部件解压后超过 10 MB 的上限');
    assert.ok(e.msg, 'the refusal carries its message key');
    assert.equal(renderMessage(e.msg, 'en'), 'A part of the Word file “讲话.docx” expands beyond the limit of 10 MB');
  });

  test('refuses entries that together expand beyond the total limit', async () => {
    const part = Buffer.alloc(0.8 * MB, 0x20);
    const e = await refusal(writeZip([0, 1, 2].map((i) => ({ name: `part${i}.xml`, data: part }))));
    assert.equal(e.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(e.message, '花名册文件解压后的总大小超过 2 MB 的上限');
  });

  test('refuses too many entries, read from the central directory', async () => {
    const e = await refusal(writeZip([1, 2, 3, 4, 5, 6].map((i) => ({ name: `${i}.xml`, data: Buffer.from('x') }))));
    assert.equal(e.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(e.message, '花名册文件包含 6 个文件，超过 5 个的上限');
  });

  test('a central directory that understates the size does not get the entry through', async () => {
    const liar = writeZip([{ name: 'word/document.xml', data: Buffer.alloc(3 * MB, 0x41), declaredSize: 1000 }]);
    const e = await refusal(liar);
    assert.ok(['PAYLOAD_TOO_LARGE', 'IMPORT_INVALID'].includes(e.code), e.code);
    assert.match(e.message, /^花名册文件/);
  });

  test('an understated size is caught even when the limits would let the real size through', async () => {
    const liar = writeZip([{ name: 'a.xml', data: Buffer.alloc(5000, 0x41), declaredSize: 100 }]);
    const e = await refusal(liar);
    assert.equal(e.code, 'IMPORT_INVALID');
  });

  test('a declared size beyond the limit is refused without inflating anything', async () => {
    const honest = writeZip([{ name: 'a.xml', data: Buffer.from('small'), declaredSize: 4 * MB }]);
    const e = await refusal(honest);
    assert.equal(e.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(e.message, '花名册文件中的单个部件解压后超过 1 MB 的上限');
  });

  test('a file that is not a readable zip is refused as invalid, with the caller’s message if given', async () => {
    const broken = Buffer.from('PK\u0003\u0004 not really a zip');
    const e = await refusal(broken);
    assert.equal(e.code, 'IMPORT_INVALID');
    assert.equal(e.message, '花名册文件已损坏或不是有效的压缩文件，无法读取');
    const own = await refusal(broken, { ...limits, invalidMessage: msg('err.zip.rosterInvalid') } as typeof limits);
    assert.equal(own.message, '文件不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的其他格式）');
  });

  test('the directory check refuses what the directory shows and inflates nothing', async () => {
    const directoryRefusal = (data: Buffer) => refusal(data, limits, assertZipDirectoryWithinLimits);
    const declared = writeZip([{ name: 'a.xml', data: Buffer.from('small'), declaredSize: 4 * MB }]);
    assert.equal((await directoryRefusal(declared)).message, '花名册文件中的单个部件解压后超过 1 MB 的上限');
    const many = writeZip([1, 2, 3, 4, 5, 6].map((i) => ({ name: `${i}.xml`, data: Buffer.from('x') })));
    assert.equal((await directoryRefusal(many)).message, '花名册文件包含 6 个文件，超过 5 个的上限');
    assert.equal((await directoryRefusal(Buffer.from('PK\u0003\u0004 not really a zip'))).code, 'IMPORT_INVALID');
    // An understated size passes it (it inflates nothing): the reader given the archive must check the sizes as it
    // inflates (yauzl's validateEntrySizes), as the full guard does.
    const liar = writeZip([{ name: 'a.xml', data: Buffer.alloc(5000, 0x41), declaredSize: 100 }]);
    await assertZipDirectoryWithinLimits(liar, limits);
    assert.equal((await refusal(liar)).code, 'IMPORT_INVALID');
  });
});
