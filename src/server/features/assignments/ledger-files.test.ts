import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { diskFileStore, type FileStore } from '../../files/file-store.ts';
import { makeCliTarget, runCli } from '../../test/cli-harness.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../../test/factories.ts';
import { sweepOrphanFiles } from './ledger.service.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const PDF = Buffer.from('%PDF-1.7 台账佐证材料');
const DAY_MS = 24 * 60 * 60 * 1000;

async function keysOf(store: FileStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of store.list('evidence/')) keys.push(o.key);
  return keys.sort();
}

/** Sets a stored file's modification time, as if it had been written `ageMs` ago. */
function age(dir: string, key: string, ageMs: number): void {
  const when = new Date(Date.now() - ageMs);
  fs.utimesSync(path.join(dir, key), when, when);
}

describeOnEngines('ledger evidence: nothing stored for a refused entry; orphans swept', (ctx) => {
  let app: App;
  let fx: Fixture;
  let dir: string;
  let store: FileStore;
  let town: string;
  let branch: string;
  let member: string;
  let open: number; // an assignment the branch may record on
  let cancelled: number; // one it may not
  let otherEntry: number; // a ledger entry of another assignment
  let failNextPut: (() => Promise<void>) | null = null;

  before(async () => {
    fx = await buildFixture(ctx.database);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-ledger-files-'));
    const disk = diskFileStore(dir);
    // The disk store, with a hook that runs after a put (to change the world between the checks and the write).
    store = {
      ...disk,
      async put(key, data, mime) {
        await disk.put(key, data, mime);
        const hook = failNextPut;
        failNextPut = null;
        await hook?.();
      },
    };
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-11-23T02:00:00Z'), files: store });
    town = await loginAs(app, fx.users.aAdmin.username);
    branch = await loginAs(app, fx.users.aSecretary.username);
    member = await loginAs(app, fx.users.aMember.username);
    const assignments: number[] = [];
    for (const title of ['整顿软弱涣散党组织', '规范党费收缴', '开展主题党日']) {
      const task = await app.inject({
        method: 'POST',
        url: '/api/tasks',
        headers: { cookie: town },
        payload: { orgId: fx.orgs.a1.id, title, deadline: '2026-12-31' },
      });
      assert.equal(task.statusCode, 201, task.body);
      const assigned = await app.inject({
        method: 'POST',
        url: `/api/tasks/${task.json().id}/assignments`,
        headers: { cookie: town },
        payload: { orgIds: [fx.orgs.a1a.id] },
      });
      assert.equal(assigned.statusCode, 200, assigned.body);
      const list = await app.inject({
        method: 'GET',
        url: `/api/assignments?taskId=${task.json().id}`,
        headers: { cookie: town },
      });
      assignments.push(list.json().items[0].id);
    }
    [open, cancelled] = assignments as [number, number, number];
    const cancel = await app.inject({
      method: 'POST',
      url: `/api/assignments/${cancelled}/events`,
      headers: { cookie: town },
      payload: { event: 'cancel', reason: '任务调整' },
    });
    assert.equal(cancel.statusCode, 200, cancel.body);
    const entry = await record(branch, assignments[2]!, { text: '开展主题党日活动' });
    assert.equal(entry.statusCode, 201, entry.body);
    otherEntry = entry.json().ledger[0].id;
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function record(
    cookie: string,
    id: number,
    fields: Record<string, string>,
    files: { filename: string; data: Buffer }[] = [],
  ) {
    const body = multipartBody(
      { entryDate: '2026-11-22', ...fields },
      files.map((f) => ({ field: 'files', ...f })),
    );
    return app.inject({
      method: 'POST',
      url: `/api/assignments/${id}/ledger`,
      headers: { cookie, ...body.headers },
      payload: body.payload,
    });
  }

  test('a refused entry leaves the file store exactly as it was', async () => {
    const good = [
      { filename: '照片.png', data: PNG },
      { filename: '会议记录.pdf', data: PDF },
    ];
    const cases: [string, () => ReturnType<typeof record>, number][] = [
      ['the wrong state (cancelled)', () => record(branch, cancelled, { text: '补充材料' }, good), 422],
      ['the wrong side (a member)', () => record(member, open, { text: '补充材料' }, good), 403],
      [
        'a correction of another assignment’s entry',
        () => record(branch, open, { text: '更正', correctsId: String(otherEntry) }, good),
        400,
      ],
      [
        'a bad file type among good ones',
        () =>
          record(branch, open, { text: '补充材料' }, [...good, { filename: '病毒.exe', data: Buffer.from('MZ..') }]),
        415,
      ],
    ];
    for (const [name, call, status] of cases) {
      const before = await keysOf(store);
      const res = await call();
      assert.ok([status, 404].includes(res.statusCode), `${name}: ${res.statusCode} ${res.body}`);
      assert.deepEqual(await keysOf(store), before, name);
    }
  });

  test('when the transaction fails after the files were stored, they are removed again', async () => {
    const before = await keysOf(store);
    // Between the checks and the transaction, the assigner cancels the assignment.
    failNextPut = async () => {
      await ctx.database.db.updateTable('assignment').set({ state: 'cancelled' }).where('id', '=', open).execute();
    };
    const res = await record(branch, open, { text: '补充材料' }, [{ filename: '新照片.png', data: PNG }]);
    assert.equal(res.statusCode, 422, res.body);
    assert.deepEqual(await keysOf(store), before);
    await ctx.database.db.updateTable('assignment').set({ state: 'in_progress' }).where('id', '=', open).execute();
  });

  test('the orphan sweep removes an old unreferenced file and keeps a referenced one and a fresh one', async () => {
    const saved = await record(branch, open, { text: '整顿完成，附照片' }, [{ filename: '整顿.png', data: PNG }]);
    assert.equal(saved.statusCode, 201, saved.body);
    const [referenced] = await keysOf(store);
    assert.ok(referenced);
    const old = 'evidence/2026/11/20/0000000000000000000000000000000000000000000000000000000000000001';
    const fresh = 'evidence/2026/11/22/0000000000000000000000000000000000000000000000000000000000000002';
    await store.put(old, PDF, 'application/pdf');
    await store.put(fresh, PDF, 'application/pdf');
    age(dir, old, 3 * DAY_MS);
    age(dir, referenced, 3 * DAY_MS);
    age(dir, fresh, DAY_MS - 30 * 60_000);

    const result = await sweepOrphanFiles(ctx.database.db, store, { now: new Date() });
    assert.deepEqual(result.removedKeys, [old]);
    assert.deepEqual(await keysOf(store), [referenced, fresh].sort());
    // The evidence still downloads.
    const detail = await app.inject({ method: 'GET', url: `/api/assignments/${open}`, headers: { cookie: branch } });
    const fileId = detail.json().ledger[0].files[0].id;
    const download = await app.inject({ method: 'GET', url: `/api/evidence/${fileId}`, headers: { cookie: branch } });
    assert.equal(download.statusCode, 200);
    assert.deepEqual(download.rawPayload, PNG);
  });

  test('`days` limits the sweep to the keys of the last days', async () => {
    const ancient = 'evidence/2020/01/01/0000000000000000000000000000000000000000000000000000000000000003';
    await store.put(ancient, PDF, 'application/pdf');
    age(dir, ancient, 30 * DAY_MS);
    const recent = await sweepOrphanFiles(ctx.database.db, store, { now: new Date(), days: 7 });
    assert.equal(recent.removed, 0);
    assert.ok((await keysOf(store)).includes(ancient));
    const all = await sweepOrphanFiles(ctx.database.db, store, { now: new Date() });
    assert.deepEqual(all.removedKeys, [ancient]);
  });
});

describeOnEngines('luoshi files sweep', (ctx) => {
  test('removes the orphans of the configured store and reports them (--json)', async () => {
    const target = await makeCliTarget(ctx.engine);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-cli-files-'));
    try {
      const store = diskFileStore(dir);
      const old = 'evidence/2026/11/20/00000000000000000000000000000000000000000000000000000000000000aa';
      const fresh = 'evidence/2026/11/20/00000000000000000000000000000000000000000000000000000000000000bb';
      await store.put(old, PDF, 'application/pdf');
      await store.put(fresh, PDF, 'application/pdf');
      age(dir, old, 2 * DAY_MS);
      const res = await runCli(['files', 'sweep', '--json'], { ...target.env, LUOSHI_FILES_DIR: dir });
      assert.equal(res.code, 0, res.stderr);
      assert.deepEqual(JSON.parse(res.stdout), { listed: 2, removed: 1, removedKeys: [old] });
      assert.deepEqual(await keysOf(store), [fresh]);
      const text = await runCli(['files', 'sweep'], { ...target.env, LUOSHI_FILES_DIR: dir });
      assert.match(text.stdout, /检查佐证文件 1 个，删除无引用且超过一天的 0 个/);
      const bad = await runCli(['files', 'sweep', '--days', 'x'], { ...target.env, LUOSHI_FILES_DIR: dir });
      assert.equal(bad.code, 2);
    } finally {
      await target.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
