import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  DEPLOYMENT_TEXT_TOO_LONG,
  MAX_DEPLOYMENT_TEXT_CHARS,
  MAX_OUTLINE_ITEMS,
  MB,
} from '../../../domain/files/limits.ts';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../../test/factories.ts';
import { speechWithItems } from '../../test/large-speech.ts';
import { DOCX_PARAGRAPH_BYTES, docxOf } from '../../test/zip-writer.ts';

// A seed speech repeated up to the text limit. Seed 000 makes 46 items in 6,336 characters, so 20 万字 of it stays
// within MAX_OUTLINE_ITEMS (~1,450 items); denser text at the character limit meets the item limit first.
const SEED = path.resolve(import.meta.dirname, '../../../../../shared/seeds/000_b3f2983aee84d7bc.txt');

describeOnEngines('deployments: an import within the limits, or nothing written', (ctx) => {
  let app: App;
  let fx: Fixture;
  let town: string;

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-03-02T02:00:00Z') });
    town = await loginAs(app, fx.users.aAdmin.username);
  });
  after(() => app.close());

  const deployments = async () =>
    (await ctx.database.db
      .selectFrom('deployment')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirst())!.n;
  const auditRows = async () =>
    (await ctx.database.db
      .selectFrom('audit_log')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirst())!.n;
  const upload = (filename: string, data: Buffer) => {
    const body = multipartBody({}, [{ field: 'file', filename, data }]);
    return app.inject({
      method: 'POST',
      url: `/api/deployments/import?orgId=${fx.orgs.a1.id}`,
      headers: { cookie: town, ...body.headers },
      payload: body.payload,
    });
  };
  const paste = (text: string) =>
    app.inject({
      method: 'POST',
      url: '/api/deployments',
      headers: { cookie: town },
      payload: { orgId: fx.orgs.a1.id, text },
    });

  test('a zip-bomb .docx (a few KB expanding to 40 MB) is refused with 413 before mammoth reads it', async () => {
    const bomb = docxOf(Math.ceil((40 * MB) / DOCX_PARAGRAPH_BYTES));
    assert.ok(bomb.length < 300 * 1024, `the bomb is ${bomb.length} bytes`);
    const before = await deployments();
    const rss = process.memoryUsage().rss;
    const res = await upload('讲话.docx', bomb);
    const grown = (process.memoryUsage().rss - rss) / MB;
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().error.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(res.json().error.message, 'Word 文件“讲话.docx”中的单个部件解压后超过 10 MB 的上限');
    assert.equal(await deployments(), before);
    // mammoth holds about 60 bytes per byte of document.xml: reading this one would take gigabytes.
    assert.ok(grown < 300, `the server grew by ${grown.toFixed(0)} MB`);
  });

  test('a .docx whose central directory understates its size is refused (422), nothing written', async () => {
    const paragraphs = Math.ceil((12 * MB) / DOCX_PARAGRAPH_BYTES);
    const liar = docxOf(paragraphs, { declaredSize: 4096 });
    const before = await deployments();
    const res = await upload('讲话.docx', liar);
    assert.ok([413, 422].includes(res.statusCode), res.body);
    assert.match(res.json().error.message, /^(无法读取“讲话\.docx”|Word 文件“讲话\.docx”)/);
    assert.equal(await deployments(), before);
  });

  test('one text limit, one message: pasted text and the text of a .docx over it are refused alike', async () => {
    const before = await deployments();
    const pasted = await paste('一、'.padEnd(MAX_DEPLOYMENT_TEXT_CHARS + 1, '要'));
    assert.equal(pasted.statusCode, 400, pasted.body);
    assert.match(pasted.json().error.message, new RegExp(DEPLOYMENT_TEXT_TOO_LONG));
    // Each paragraph of docxOf holds 24 characters (and a line break): this .docx is within the zip limits.
    const docx = docxOf(Math.ceil(MAX_DEPLOYMENT_TEXT_CHARS / 24) + 10);
    const uploaded = await upload('长文.docx', docx);
    assert.equal(uploaded.statusCode, 413, uploaded.body);
    assert.match(uploaded.json().error.message, /^正文过长：上限为 20 万字（“长文\.docx”的正文约 2\d\.\d 万字）$/);
    assert.ok(uploaded.json().error.message.startsWith(DEPLOYMENT_TEXT_TOO_LONG));
    assert.equal(await deployments(), before);
  });

  test('pasted text at the stated limit gets through the body limit and reads back', async () => {
    const seed = fs.readFileSync(SEED, 'utf8');
    const text = seed.repeat(Math.ceil(MAX_DEPLOYMENT_TEXT_CHARS / seed.length)).slice(0, MAX_DEPLOYMENT_TEXT_CHARS);
    assert.ok(Buffer.byteLength(JSON.stringify({ text })) > 550 * 1024);
    const res = await paste(text);
    assert.equal(res.statusCode, 201, res.body.slice(0, 500));
    const again = await app.inject({
      method: 'GET',
      url: `/api/deployments/${res.json().id}`,
      headers: { cookie: town },
    });
    assert.equal(again.statusCode, 200);
    const saved = await app.inject({
      method: 'PATCH',
      url: `/api/deployments/${res.json().id}`,
      headers: { cookie: town },
      payload: { items: again.json().items },
    });
    assert.equal(saved.statusCode, 200, saved.body.slice(0, 500));
  });

  test('an outline the deployment could not be read back with is refused before anything is written', async () => {
    const before = await deployments();
    const longHeading = await paste(`一、${'要'.repeat(30_000)}`);
    assert.equal(longHeading.statusCode, 422, longHeading.body);
    assert.equal(longHeading.json().error.code, 'IMPORT_INVALID');
    assert.match(longHeading.json().error.message, /^提纲第 1 条（“要{20}”）的标题有 30000 字，超过 500 字的上限/);
    assert.equal(await deployments(), before);
  });

  test('an outline over the item limit is refused whole, pasted or uploaded, naming the limit and the count', async () => {
    const over = speechWithItems(MAX_OUTLINE_ITEMS + 1);
    const message = `提纲共 ${MAX_OUTLINE_ITEMS + 1} 条，超过上限 ${MAX_OUTLINE_ITEMS} 条，请拆分讲话稿后分次导入`;
    const before = { deployments: await deployments(), audit: await auditRows() };
    const pasted = await paste(over);
    assert.equal(pasted.statusCode, 422, pasted.body.slice(0, 500));
    assert.equal(pasted.json().error.code, 'IMPORT_INVALID');
    assert.equal(pasted.json().error.message, message);
    assert.deepEqual(pasted.json().error.details, { items: MAX_OUTLINE_ITEMS + 1, limit: MAX_OUTLINE_ITEMS });
    const uploaded = await upload('长篇讲话.txt', Buffer.from(over));
    assert.equal(uploaded.statusCode, 422, uploaded.body.slice(0, 500));
    assert.equal(uploaded.json().error.message, message);
    assert.deepEqual({ deployments: await deployments(), audit: await auditRows() }, before);
  });

  test('an outline at the item limit imports; an edit that takes it over the limit is refused, nothing written', async () => {
    const res = await paste(speechWithItems(MAX_OUTLINE_ITEMS));
    assert.equal(res.statusCode, 201, res.body.slice(0, 500));
    const draft = res.json();
    assert.equal(draft.items.length, MAX_OUTLINE_ITEMS);
    const last = draft.items[draft.items.length - 1];
    const added = { ...last, key: 'n-added', text: '新增一条', spanStart: null, spanEnd: null };
    const stored = async () =>
      ctx.database.db.selectFrom('deployment').select(['outline', 'updated_at']).where('id', '=', draft.id).execute();
    const before = { row: await stored(), audit: await auditRows() };
    const saved = await app.inject({
      method: 'PATCH',
      url: `/api/deployments/${draft.id}`,
      headers: { cookie: town },
      payload: { items: [...draft.items, added] },
    });
    assert.equal(saved.statusCode, 400, saved.body.slice(0, 500));
    assert.equal(saved.json().error.code, 'VALIDATION_FAILED');
    assert.match(
      saved.json().error.message,
      new RegExp(
        `提纲共 ${MAX_OUTLINE_ITEMS + 1} 条，超过上限 ${MAX_OUTLINE_ITEMS} 条，请删去不需要落实的条目后再保存$`,
      ),
    );
    assert.deepEqual({ row: await stored(), audit: await auditRows() }, before);
  });

  test('characters the database cannot store are removed, not a 500', async () => {
    const res = await paste('一、加强\u0000基层\u0001组织建设\ud800。\n二、抓好落实。');
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().sourceText.includes('\u0000'), false);
    const again = await app.inject({
      method: 'GET',
      url: `/api/deployments/${res.json().id}`,
      headers: { cookie: town },
    });
    assert.equal(again.statusCode, 200);
    assert.match(again.json().items[0].heading, /加强基层组织建设/);
  });
});
