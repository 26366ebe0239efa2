import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type AssignmentState, displayState } from '../../../domain/tasks/assignment-state.ts';
import { checkEvidenceFile } from '../../../domain/tasks/evidence-type.ts';
import { TASK_RULES } from '../../../domain/tasks/task-rules.ts';
import { type App, buildApp } from '../../app.ts';
import { verifyAuditChain } from '../../auth/audit.ts';
import { TEST_AUDIT_KEY } from '../../auth/audit-key.ts';
import type { FileStore } from '../../files/file-store.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { loginAs } from '../../test/factories.ts';
import { recursiveRollup } from '../rollups/rollups.queries.ts';
import { foldRollups, verifyRollups } from '../rollups/rollups.service.ts';
import { type DemoWorkResult, defaultSeedsDir, demoWorkLine, seedDemoWork, tinyPdf, tinyPng } from './demo-work.ts';
import { type SeedResult, seedCity } from './seed.service.ts';

const TODAY = '2026-11-23';
const PASSWORD = 'demo-pass-2026';
const SEEDS = defaultSeedsDir();

/** An evidence store in memory. */
function memoryStore(): FileStore & { objects: Map<string, Buffer> } {
  const objects = new Map<string, Buffer>();
  return {
    kind: 'disk',
    objects,
    put: async (key, data) => void objects.set(key, data),
    get: async (key) => objects.get(key)!,
    list: async function* (prefix) {
      for (const [key, data] of objects)
        if (key.startsWith(prefix)) yield { key, modifiedAt: new Date(), size: data.length };
    },
    delete: async (key) => void objects.delete(key),
  };
}

test('the generated evidence files pass the byte check (PNG and PDF signatures)', () => {
  assert.deepEqual(checkEvidenceFile(tinyPng([200, 30, 30]), 'x.png', 1e6), {
    ok: true,
    kind: 'png',
    mime: 'image/png',
  });
  const pdf = tinyPdf('note');
  assert.equal(pdf.subarray(0, 8).toString('latin1'), '%PDF-1.4');
  assert.deepEqual(checkEvidenceFile(pdf, 'x.pdf', 1e6), { ok: true, kind: 'pdf', mime: 'application/pdf' });
  // The cross-reference offsets point at the objects.
  const text = pdf.toString('latin1');
  const offsets = [...text.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  assert.deepEqual(
    offsets.map((o) => text.slice(o, o + 7)),
    ['1 0 obj', '2 0 obj', '3 0 obj'],
  );
});

describeOnEngines('seedDemoWork: the seed speeches as living work in the demo city', (ctx) => {
  let city: SeedResult;
  let result: DemoWorkResult;
  let store: ReturnType<typeof memoryStore>;
  let app: App;

  const count = async (query: string): Promise<number> => {
    const { rows } = await sql<{ n: number }>`${sql.raw(`select (${query})::int as n`)}`.execute(ctx.database.db);
    return rows[0]!.n;
  };

  before(async () => {
    assert.ok(
      fs.existsSync(SEEDS),
      `the seed speeches are missing: expected them in ${SEEDS} (../shared/seeds beside the repository)`,
    );
    city = await seedCity(ctx.database, 'district', {
      today: TODAY,
      now: new Date(),
      accountsPassword: PASSWORD,
      auditKey: TEST_AUDIT_KEY,
    });
    store = memoryStore();
    const steps: string[] = [];
    result = await seedDemoWork(ctx.database, city, {
      today: TODAY,
      seedsDir: SEEDS,
      files: store,
      auditKey: TEST_AUDIT_KEY,
      onProgress: (p) => steps.push(p.step),
    });
    assert.equal(steps[0], 'start');
    assert.equal(steps.at(-1), 'today');
    app = await buildApp({ database: ctx.database, now: () => new Date(`${TODAY}T10:00:00+08:00`), files: store });
  });
  after(() => app?.close());

  test('imports the five speeches as confirmed deployments of the 市委 and of the 区委, with tasks and problems', async () => {
    assert.ok(!result.skipped);
    assert.equal(result.deployments, 5);
    const rows = await ctx.database.db
      .selectFrom('deployment as d')
      .innerJoin('org as o', 'o.id', 'd.org_id')
      .select(['d.status', 'd.meeting_date', 'd.source_name', 'o.name'])
      .orderBy('d.meeting_date')
      .execute();
    assert.equal(rows.length, 5);
    assert.ok(rows.every((d) => d.status === 'confirmed'));
    assert.deepEqual(
      rows.map((d) => d.source_name?.slice(0, 3)),
      ['000', '001', '003', '002', '004'],
    );
    assert.deepEqual(
      rows.map((d) => d.name.endsWith('区委')),
      [false, false, true, false, true],
    );
    // Meetings spread over the ten months before today.
    assert.ok(rows[0]!.meeting_date! >= '2026-01-01' && rows.at(-1)!.meeting_date! < TODAY);
    assert.ok((await count('select count(*) from task where parent_assignment_id is null')) >= 70);
    assert.ok(
      (await count('select count(*) from task where parent_assignment_id is not null')) >= 5,
      'decomposed sub-tasks',
    );
    assert.equal(await count('select count(*) from problem'), result.problems);
    assert.ok(result.problems >= 5);
    assert.ok((await count('select count(*) from problem_task')) >= 5, 'problems linked to the tasks that answer them');
    // Targets the text states: 四星级党组织 (sum) and the collective-economy share of villages.
    const star = await ctx.database.db
      .selectFrom('task')
      .select(['progress_mode', 'target_value', 'target_unit'])
      .where('title', '=', '着力全面夯实基层基础')
      .where('parent_assignment_id', 'is', null)
      .executeTakeFirstOrThrow();
    assert.deepEqual([star.progress_mode, Number(star.target_value), star.target_unit], ['sum', 100, '个']);
    const economy = await ctx.database.db
      .selectFrom('task')
      .select(['progress_mode', 'target_value', 'share_threshold'])
      .where('title', '=', '善转化')
      .where('parent_assignment_id', 'is', null)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [economy.progress_mode, Number(economy.target_value), Number(economy.share_threshold)],
      ['share', 80, 5],
    );
    assert.equal(await count('select count(*) from task where deadline is null'), 0, 'every task has a deadline');
    assert.match(demoWorkLine(result), /^已导入5篇讲话，生成任务\d+项、下发\d+项、台账\d+条。$/);
  });

  test('assignments run down to villages and communities and stand in every state, overdue and lagging included', async () => {
    assert.equal(await count('select count(*) from assignment'), result.skipped ? 0 : result.assignments);
    assert.ok(!result.skipped && result.assignments >= 150, `${!result.skipped && result.assignments} assignments`);
    const states = await sql<{
      state: string;
      n: number;
    }>`select state, count(*)::int as n from assignment group by state`.execute(ctx.database.db);
    const by = new Map(states.rows.map((r) => [r.state, r.n]));
    for (const s of ['not_started', 'in_progress', 'submitted', 'done']) assert.ok((by.get(s) ?? 0) > 0, `no ${s}`);
    assert.ok(by.get('done')! >= 0.25 * result.assignments, 'many done');
    assert.ok((await count('select count(*) from assignment where is_overdue')) >= 3, 'some overdue');
    assert.ok((await count('select count(*) from assignment where is_lagging')) >= 3, 'some lagging');
    // Every level: 区委 and 市直机关工委, towns and streets, village and community branches (by rule too).
    assert.ok(
      (await count(`select count(*) from assignment a join org o on o.id = a.org_id where o.name like '%村党%'`)) >= 15,
    );
    assert.ok(
      (await count(
        `select count(*) from assignment a join org o on o.id = a.org_id where o.field = 'community' and o.type in ('branch', 'general_branch')`,
      )) >= 5,
    );
    assert.ok(
      (await count(
        `select count(*) from assignment a join org o on o.id = a.org_id where o.name like '%机关党支部'`,
      )) >= 5,
    );
    // Returned with a reason, then reported again and accepted.
    const returned = await sql<{
      assignment_id: number;
      reason: string | null;
    }>`select assignment_id, reason from assignment_event where event = 'return'`.execute(ctx.database.db);
    assert.ok(returned.rows.length >= 2, `${returned.rows.length} returns`);
    assert.ok(returned.rows.every((r) => (r.reason ?? '').length > 4));
    assert.ok(
      (await count(`select count(*) from assignment_event e where e.event = 'return'
        and exists (select 1 from assignment_event s where s.assignment_id = e.assignment_id and s.event = 'submit' and s.id > e.id)`)) >=
        2,
      'resubmitted after a return',
    );
  });

  test('the flags are right for today', async () => {
    const rows = await ctx.database.db
      .selectFrom('assignment')
      .select(['state', 'assigned_on', 'deadline', 'progress', 'is_overdue', 'is_lagging'])
      .execute();
    for (const a of rows) {
      const shown = displayState(
        {
          state: a.state as AssignmentState,
          assignedOn: a.assigned_on,
          deadline: a.deadline,
          progress: a.progress === null ? null : Number(a.progress),
        },
        TODAY,
        TASK_RULES,
      );
      assert.equal(a.is_overdue, shown === 'overdue');
      assert.equal(a.is_lagging, shown === 'lagging');
    }
  });

  test('the ledger holds dated entries with figures, corrections and evidence files, recorded by the organisations', async () => {
    assert.equal(await count('select count(*) from ledger_entry'), result.skipped ? 0 : result.ledgerEntries);
    assert.ok((await count('select count(*) from ledger_entry where figure is not null')) >= 20);
    assert.ok((await count('select count(*) from ledger_entry where corrects_id is not null')) >= 1, 'a correction');
    assert.ok(
      (await count(`select count(*) from ledger_entry where text like '%万元'`)) >= 10,
      'collective-economy income',
    );
    assert.equal(await count(`select count(*) from ledger_entry where entry_date > '${TODAY}'`), 0);
    assert.equal(
      await count(
        'select count(*) from ledger_entry l join assignment a on a.id = l.assignment_id where l.entry_date < a.assigned_on',
      ),
      0,
    );
    // Evidence: stored, and the stored bytes are what the row says.
    const files = await ctx.database.db
      .selectFrom('evidence_file')
      .select(['storage_key', 'mime', 'size_bytes'])
      .execute();
    assert.ok(files.length >= 5);
    for (const f of files) {
      const data = store.objects.get(f.storage_key);
      assert.ok(data, f.storage_key);
      assert.equal(data.length, Number(f.size_bytes));
      assert.ok(['image/png', 'application/pdf'].includes(f.mime));
    }
    // Who recorded: the demo accounts where an organisation has one, the branch secretaries elsewhere.
    const names = await sql<{
      created_by_name: string;
      created_by: number | null;
    }>`select distinct created_by_name, created_by from ledger_entry`.execute(ctx.database.db);
    assert.ok(names.rows.some((n) => n.created_by_name === '萝浔镇党建办管理员' && n.created_by !== null));
    assert.ok(names.rows.some((n) => /（.+村党(支部|总支|委)书记）$/.test(n.created_by_name)));
    assert.ok(names.rows.every((n) => n.created_by_name !== '系统'));
    // Each entry left its audit row with the recording account's name.
    assert.equal(
      await count(`select count(*) from audit_log where action in ('ledger.add', 'ledger.correct')`),
      result.skipped ? -1 : result.ledgerEntries,
    );
  });

  test('task_rollup at the root equals a recursive recount', async () => {
    await foldRollups(ctx.database.db);
    assert.deepEqual((await verifyRollups(ctx.database.db)).drift, [], 'no figure drifts from a recount');
    const tasks = await ctx.database.db
      .selectFrom('task_rollup')
      .select('task_id')
      .where('org_id', '=', city.rootOrgId)
      .orderBy('task_id')
      .execute();
    assert.ok(tasks.length >= 20);
    for (const { task_id } of tasks.filter((_, i) => i % 3 === 0)) {
      const r = await ctx.database.db
        .selectFrom('task_rollup')
        .selectAll()
        .where('task_id', '=', task_id)
        .where('org_id', '=', city.rootOrgId)
        .executeTakeFirstOrThrow();
      const expected = await recursiveRollup(ctx.database.db, task_id, city.rootOrgId);
      assert.deepEqual(
        { assigned: r.assigned, done: r.done, overdue: r.overdue, figure: Number(r.figure_sum) },
        {
          assigned: expected.assigned,
          done: expected.done,
          overdue: expected.overdue,
          figure: Number(expected.figure_sum),
        },
        `task ${task_id}`,
      );
    }
  });

  test("the administrator's dashboard is alive: tasks, children ranked at different rates, a trend over weeks", async () => {
    const cookie = await loginAs(app, 'admin', PASSWORD);
    const res = await app.inject({ method: 'GET', url: `/api/dashboard?orgId=${city.rootOrgId}`, headers: { cookie } });
    assert.equal(res.statusCode, 200, res.body);
    const dash = res.json() as {
      totals: { assigned: number; done: number };
      tasks: { rollup: unknown }[];
      children: { orgName: string; assigned: number; rate: number | null }[];
      trend: { day: string; assigned: number; done: number }[];
    };
    assert.ok(dash.tasks.length >= 20);
    assert.ok(dash.totals.assigned > 0 && dash.totals.done > 0);
    const ranked = dash.children.filter((c) => c.rate !== null);
    assert.ok(ranked.length >= 2);
    assert.ok(new Set(ranked.map((c) => c.rate)).size >= 2, JSON.stringify(ranked));
    assert.ok(dash.trend.length >= 10, `${dash.trend.length} trend points`);
    assert.equal(dash.trend.at(-1)!.day, TODAY);
    assert.ok(dash.trend.at(-1)!.done > dash.trend[0]!.done, 'work got done over the weeks');
    // The district's children (towns, streets, systems) rank at many different rates.
    const district = city.accounts.find((a) => a.username === 'qu01')!;
    const qu = await app.inject({
      method: 'GET',
      url: `/api/dashboard?orgId=${district.orgId}`,
      headers: { cookie: await loginAs(app, 'qu01', PASSWORD) },
    });
    const rates = (qu.json() as typeof dash).children.filter((c) => c.rate !== null).map((c) => c.rate);
    assert.ok(rates.length >= 10 && new Set(rates).size >= 5, JSON.stringify(rates));
    // The demo secretary's branch has work of its own.
    const shuji = await loginAs(app, 'shuji', PASSWORD);
    const own = await app.inject({
      method: 'GET',
      url: '/api/assignments?own=true&pageSize=50',
      headers: { cookie: shuji },
    });
    assert.equal(own.statusCode, 200, own.body);
    assert.ok((own.json() as { total: number }).total >= 1);
  });

  test('notifications carry the simulated time, reminders included; the audit chain verifies', async () => {
    assert.ok((await count(`select count(*) from notification where kind in ('overdue', 'due_soon')`)) >= 1);
    const past = await count(
      `select count(*) from notification where created_at < '${TODAY}T00:00:00+08:00'::timestamptz`,
    );
    const all = await count('select count(*) from notification');
    assert.ok(past >= 0.9 * all, `${past} of ${all} in the past`);
    assert.equal(await count(`select count(*) from notification where created_at < '2026-01-01'`), 0);
    const chain = await verifyAuditChain(ctx.database.db, TEST_AUDIT_KEY);
    assert.ok(chain.ok, JSON.stringify(chain));
    assert.ok((await count(`select count(*) from audit_log where action = 'assignment.accept'`)) >= 50);
  });
});

describeOnEngines('seedDemoWork without the seed speeches', (ctx) => {
  test('skips, saying where the speeches were expected, and writes nothing', async () => {
    const city = await seedCity(ctx.database, 'district', {
      today: TODAY,
      now: new Date(),
      accountsPassword: PASSWORD,
      auditKey: TEST_AUDIT_KEY,
    });
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    const missing = path.join(SEEDS, 'does-not-exist');
    const messages: string[] = [];
    const result = await seedDemoWork(ctx.database, city, {
      today: TODAY,
      seedsDir: missing,
      files: null,
      auditKey: TEST_AUDIT_KEY,
      onProgress: (p) => messages.push(p.message),
    });
    assert.ok(result.skipped);
    assert.ok(result.reason.includes(missing), result.reason);
    assert.match(demoWorkLine(result), /演示部署未导入：找不到种子讲话/);
    assert.deepEqual(messages, []);
    for (const table of [
      'deployment',
      'task',
      'problem',
      'assignment',
      'ledger_entry',
      'notification',
      'org_daily_stat',
    ] as const) {
      const row = await ctx.database.db
        .selectFrom(table)
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(row.n, 0, table);
    }
    const after = await ctx.database.db
      .selectFrom('audit_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(after.n, audit.n);
  });
});
