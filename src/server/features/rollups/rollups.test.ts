import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { TEST_AUDIT_KEY } from '../../auth/audit-key.ts';
import { type Scope, systemScope } from '../../auth/scope.ts';
import { diskFileStore, type FileStore } from '../../files/file-store.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, insertOrg, type OrgRef } from '../../test/factories.ts';
import { assignTask, fireEvent } from '../assignments/assignments.service.ts';
import { addLedgerEntry } from '../assignments/ledger.service.ts';
import { makeCtx } from '../context.ts';
import { createTask } from '../tasks/tasks.service.ts';
import { foldRollups, pendingDeltas, rebuildRollups, verifyRollups } from './rollups.service.ts';

/**
 * Roll-ups kept by deltas (docs/scale.md): exact under concurrency (hundreds of concurrent writes, folds running
 * beside them, 0 drift from a recount), folding changes no figure, the verification finds drift, the rebuild
 * repairs it.
 */
describeOnEngines('roll-ups by deltas', (ctx) => {
  let fx: Fixture;
  let files: FileStore;
  let filesDir: string;
  const branches: OrgRef[] = [];
  const now = new Date('2026-11-23T02:00:00Z');
  let system: Scope;
  let taskId: number;

  const secretaryOf = (o: OrgRef, i: number): Scope => ({
    userId: 0,
    username: `sec-${i}`,
    displayName: `书记${i}`,
    role: 'secretary',
    orgId: o.id,
    orgPath: o.path,
    personId: null,
  });

  before(async () => {
    fx = await buildFixture(ctx.database);
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-rollups-'));
    files = diskFileStore(filesDir);
    for (let i = 0; i < 40; i++) {
      branches.push(
        await insertOrg(ctx.database, i < 20 ? fx.orgs.a1 : fx.orgs.b1, {
          code: `R${fx.orgs.a1.id}-${i}`,
          name: `并发村${i}党支部`,
          type: 'branch',
          field: 'rural',
        }),
      );
    }
    system = systemScope(fx.orgs.root.path, fx.orgs.root.id);
    const admin = makeCtx(ctx.database.db, now, system, TEST_AUDIT_KEY);
    const task = await createTask(admin, {
      orgId: fx.orgs.root.id,
      title: '并发报送演练',
      progressMode: 'sum',
      targetValue: 400,
      targetUnit: '户',
      deadline: '2026-12-31',
    });
    taskId = task.id;
    await assignTask(admin, taskId, { orgIds: branches.map((b) => b.id), targetPerOrg: 10 });
  });
  after(() => fs.rmSync(filesDir, { recursive: true, force: true }));

  test('hundreds of concurrent submissions and transitions, folds beside them: 0 drift from a recount', async () => {
    const { rows } = await sql<{ id: number; org_id: number }>`
      select id, org_id from assignment where task_id = ${taskId} order by id`.execute(ctx.database.db);
    assert.equal(rows.length, 40);
    const byOrg = new Map(branches.map((b, i) => [b.id, i]));
    let folding = true;
    const folder = (async () => {
      while (folding) {
        await foldRollups(ctx.database.db, { batch: 50 });
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const writes: Promise<unknown>[] = [];
    for (const a of rows) {
      const i = byOrg.get(a.org_id)!;
      const c = makeCtx(ctx.database.db, now, secretaryOf(branches[i]!, i), TEST_AUDIT_KEY);
      for (let k = 0; k < 6; k++) {
        writes.push(
          addLedgerEntry(
            c,
            files,
            1 << 20,
            a.id,
            { text: `第${k + 1}次进展`, entryDate: '2026-11-22', figure: 1 + k },
            [],
          ),
        );
      }
      if (i % 3 === 0) writes.push(fireEvent(c, a.id, { event: 'start' }).catch(() => undefined));
    }
    const results = await Promise.allSettled(writes);
    folding = false;
    await folder;
    const failed = results.filter((r) => r.status === 'rejected');
    assert.deepEqual(
      failed.map((r) => String((r as PromiseRejectedResult).reason)),
      [],
      'every submission was acknowledged',
    );
    const { rows: ledger } = await sql<{ n: number }>`
      select count(*)::int as n from ledger_entry l join assignment a on a.id = l.assignment_id
      where a.task_id = ${taskId}`.execute(ctx.database.db);
    assert.equal(ledger[0]!.n, 240, 'every acknowledged submission is there exactly once');

    // Exact before the last fold (kept + pending) and after it.
    assert.deepEqual((await verifyRollups(ctx.database.db)).drift, []);
    await foldRollups(ctx.database.db);
    assert.equal((await pendingDeltas(ctx.database.db)).count, 0);
    assert.deepEqual((await verifyRollups(ctx.database.db)).drift, []);
    const root = await sql<{ assigned: number; figure_sum: string }>`
      select assigned, figure_sum from task_rollup where task_id = ${taskId} and org_id = ${fx.orgs.root.id}`.execute(
      ctx.database.db,
    );
    assert.deepEqual(root.rows[0], { assigned: 40, figure_sum: String(40 * 21) });
  });

  test('a write appends O(depth) deltas: one per ancestor of the receiver', async () => {
    await foldRollups(ctx.database.db);
    const { rows } = await sql<{ id: number }>`
      select id from assignment where task_id = ${taskId} and org_id = ${branches[0]!.id}`.execute(ctx.database.db);
    const c = makeCtx(ctx.database.db, now, secretaryOf(branches[0]!, 0), TEST_AUDIT_KEY);
    await addLedgerEntry(c, files, 1 << 20, rows[0]!.id, { text: '再报一次', entryDate: '2026-11-23', figure: 2 }, []);
    const depth = branches[0]!.path.split('.').length;
    const pending = await sql<{ org_id: number }>`select org_id from rollup_delta order by org_id`.execute(
      ctx.database.db,
    );
    assert.equal(pending.rows.length, depth, 'the receiver and each of its ancestors, nothing else');
  });

  test('the verification reports drift, and the rebuild repairs it', async () => {
    await foldRollups(ctx.database.db);
    await sql`update task_rollup set done = done + 1, figure_sum = figure_sum - 5
      where task_id = ${taskId} and org_id = ${fx.orgs.a.id}`.execute(ctx.database.db);
    const progress: number[] = [];
    const { drift } = await verifyRollups(ctx.database.db, { onProgress: (n) => progress.push(n) });
    assert.deepEqual(
      drift.map((d) => [d.task_id, d.org_id, d.column, Number(d.kept) - Number(d.recounted)]),
      [
        [taskId, fx.orgs.a.id, 'done', 1],
        [taskId, fx.orgs.a.id, 'figure_sum', -5],
      ],
    );
    assert.ok(progress.length > 0, 'the verification reports progress');
    assert.ok((await rebuildRollups(ctx.database.db)) >= 1);
    assert.deepEqual((await verifyRollups(ctx.database.db)).drift, []);
  });
});
