import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type App, buildApp } from '../../app.ts';
import { diskFileStore, type FileStore } from '../../files/file-store.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../../test/factories.ts';
import { sweepOrphanFiles } from '../assignments/ledger.service.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 5, 6, 7, 8]);
const PDF = Buffer.from('%PDF-1.7 整改佐证材料');
const EXE = Buffer.from('MZ\x90\x00 not evidence');

async function keysOf(store: FileStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of store.list('evidence/')) keys.push(o.key);
  return keys.sort();
}

/**
 * Evidence on a problem's steps (举证): files sent with 报告进展 and 申请销号 as a multipart form, kept in the
 * ledger's store and rows, shown per step in the detail, downloaded through /api/evidence/:id by both sides and by
 * no one outside; a refused step stores nothing; the JSON body keeps working; files are never required.
 */
describeOnEngines('rectify evidence: files on 报告进展 and 申请销号', (ctx) => {
  let app: App;
  let fx: Fixture;
  let dir: string;
  let store: FileStore;
  let district: string;
  let branch: string;
  let other: string; // b-admin: the sibling district
  let id = 0;

  before(async () => {
    fx = await buildFixture(ctx.database);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-problem-files-'));
    store = diskFileStore(dir);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-11-23T02:00:00Z'), files: store });
    district = await loginAs(app, fx.users.aAdmin.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
    other = await loginAs(app, fx.users.bAdmin.username);
    const created = await app.inject({
      method: 'POST',
      url: '/api/problems',
      headers: { cookie: district },
      payload: { orgId: fx.orgs.a1a.id, title: '党员活动室台账不全', deadline: '2026-12-31' },
    });
    assert.equal(created.statusCode, 201, created.body);
    id = created.json().id;
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function form(cookie: string, fields: Record<string, string>, files: { filename: string; data: Buffer }[] = []) {
    const body = multipartBody(
      fields,
      files.map((f) => ({ field: 'files', ...f })),
    );
    return app.inject({
      method: 'POST',
      url: `/api/problems/${id}/events`,
      headers: { cookie, ...body.headers },
      payload: body.payload,
    });
  }
  const json = (cookie: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/problems/${id}/events`, headers: { cookie }, payload });
  const fileRows = async () =>
    Number((await sql<{ n: string }>`select count(*) as n from evidence_file`.execute(ctx.database.db)).rows[0]!.n);

  test('the steps before go as JSON and as a form (measures as JSON text), without files', async () => {
    const claim = await json(branch, { event: 'claim', person: '李秀英' });
    assert.equal(claim.statusCode, 200, claim.body);
    const plan = await form(branch, {
      event: 'plan',
      measures: JSON.stringify([{ text: '补齐活动室台账', deadline: '2026-12-20' }]),
    });
    assert.equal(plan.statusCode, 200, plan.body);
    assert.equal(plan.json().state, 'rectifying');
    assert.deepEqual(
      plan.json().events.map((e: { files: unknown[] }) => e.files),
      [[], []],
    );
    const bad = await form(branch, { event: 'plan', measures: '[不是 JSON' });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(bad.json().error.message, /measures/);
  });

  test('a refused step with files stores nothing: a wrong type, a step that takes none, a missing note', async () => {
    const before = await keysOf(store);
    const rows = await fileRows();
    const cases: [Record<string, string>, { filename: string; data: Buffer }[], number, RegExp][] = [
      [{ event: 'progress', note: '已整改一半' }, [{ filename: '程序.exe', data: EXE }], 415, /./],
      [{ event: 'return', reason: '不行' }, [{ filename: '照片.png', data: PNG }], 403, /^只有交办方/],
      [{ event: 'plan' }, [{ filename: '照片.png', data: PNG }], 400, /^“制定措施”不能附带佐证材料/],
      [{ event: 'submit', note: ' ' }, [{ filename: '照片.png', data: PNG }], 422, /^申请销号须/],
    ];
    for (const [fields, files, status, message] of cases) {
      const res = await form(branch, fields, files);
      assert.equal(res.statusCode, status, `${JSON.stringify(fields)}: ${res.body}`);
      assert.match(res.json().error.message, message);
    }
    assert.deepEqual(await keysOf(store), before);
    assert.equal(await fileRows(), rows);
  });

  test('申请销号 with two files: kept with the step, listed in the detail, downloaded by both sides', async () => {
    const progress = await form(branch, { event: 'progress', note: '台账补齐一半' }, [
      { filename: '进展.pdf', data: PDF },
    ]);
    assert.equal(progress.statusCode, 200, progress.body);
    const res = await form(branch, { event: 'submit', note: '台账已补齐，附照片和台账扫描件' }, [
      { filename: '活动室.png', data: PNG },
      { filename: '台账.pdf', data: PDF },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    const detail = res.json();
    assert.equal(detail.state, 'submitted');
    const submit = detail.events.find((e: { event: string }) => e.event === 'submit');
    assert.deepEqual(
      submit.files.map((f: { filename: string; mime: string; sizeBytes: number }) => [f.filename, f.mime, f.sizeBytes]),
      [
        ['活动室.png', 'image/png', PNG.length],
        ['台账.pdf', 'application/pdf', PDF.length],
      ],
    );
    const prog = detail.events.find((e: { event: string }) => e.event === 'progress');
    assert.equal(prog.files.length, 1);
    const fileId = submit.files[0].id;
    for (const cookie of [branch, district]) {
      const dl = await app.inject({ method: 'GET', url: `/api/evidence/${fileId}`, headers: { cookie } });
      assert.equal(dl.statusCode, 200, dl.body);
      assert.equal(dl.headers['content-type'], 'image/png');
      assert.deepEqual(dl.rawPayload, PNG);
    }
    const outside = await app.inject({ method: 'GET', url: `/api/evidence/${fileId}`, headers: { cookie: other } });
    assert.equal(outside.statusCode, 404, outside.body);
    const seen = await app.inject({ method: 'GET', url: `/api/problems/${id}`, headers: { cookie: district } });
    assert.equal(seen.json().events.find((e: { event: string }) => e.event === 'submit').files.length, 2);
    // Append-only, as a ledger entry's evidence.
    await assert.rejects(sql`delete from evidence_file where id = ${fileId}`.execute(ctx.database.db));
  });

  test('a file belongs to exactly one of a ledger entry and a problem step', async () => {
    await assert.rejects(
      sql`insert into evidence_file (storage, storage_key, filename, mime, size_bytes, sha256, created_at)
        values ('disk', 'evidence/x', 'x.png', 'image/png', 1, 'x', now())`.execute(ctx.database.db),
      /evidence_file_owner_check/,
    );
  });

  test('the orphan sweep keeps the problems’ files and removes what nothing refers to', async () => {
    const orphanKey = 'evidence/2026-11-20/orphan-of-a-failed-step';
    await store.put(orphanKey, PNG, 'image/png');
    const old = new Date('2026-11-20T00:00:00Z');
    fs.utimesSync(path.join(dir, orphanKey), old, old);
    for (const key of await keysOf(store)) fs.utimesSync(path.join(dir, key), old, old);
    const result = await sweepOrphanFiles(ctx.database.db, store, { now: new Date('2026-11-25T00:00:00Z') });
    assert.deepEqual(result.removedKeys, [orphanKey]);
    // Content-addressed: the PDF sent with 报告进展 and again with 申请销号 is one object.
    assert.equal((await keysOf(store)).length, 2, 'the steps’ files stay');
  });
});
