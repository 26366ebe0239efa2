import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { type App, buildApp } from '../app.ts';
import { TEST_AUDIT_KEY } from '../auth/audit-key.ts';
import { foldRollups } from '../features/rollups/rollups.service.ts';
import { type SeedResult, seedCity } from '../features/seed/seed.service.ts';
import { runCli } from '../test/cli-harness.ts';
import { adminUrl, openTestDatabase } from '../test/engines.ts';
import { insertUser, loginAs, multipartBody } from '../test/factories.ts';
import {
  buildAssessTargets,
  EXEMPT,
  PDF,
  PNG,
  PROBES,
  type Probe,
  SPEECH,
  type Targets,
} from '../test/route-probes.ts';
import type { Database } from './client.ts';

/**
 * No request scans the whole tree (issue 8, "Province profile"). The city profile (16k organisations, 586k people) is
 * seeded into a throwaway database, with work on every branch (assignments of ten tasks, ledger entries, events,
 * evidence, notifications, problems, accounts and sessions, audit and authentication rows, pending roll-up deltas),
 * then ANALYZEd. Every /api route is sent (the scope matrix's probes, src/server/test/route-probes.ts, with ids of the
 * seeded data) by each role that can reach it, plus the list variants (pages deep in a list, sorts, searches, the
 * cursor) and the CLI commands that read; every statement the app sends to PostgreSQL is recorded with its
 * parameters, and `explain (format json)` of each (one set of parameters per statement and role) must hold no
 * sequential scan of a table that grows with the tree or with time, unless ALLOWED says why.
 *
 * PostgreSQL only: PGlite would plan the same SQL, but the check is about the server's planner at scale.
 */

const TODAY = '2026-11-23';
const PASSWORD = 'Explain-pass-2026';

/** An index system of every automatic indicator the platform reads (the assessment's measure queries). */
const MEASURE_INDICATORS = [
  'tasks.completionRate',
  'tasks.onTimeRate',
  'rectify.closedOnTimeRate',
  'life.complianceRate',
  'dues.paidOnTimeRate',
  'burden.capsRespected',
  'tasks.targetReachedRate',
  'development.gatesKeptRate',
  'village.disclosedOnTimeRate',
].map((measure, i) => ({ id: `M-${i + 1}`, name: measure, max: i < 4 ? 15 : 8, method: { kind: 'auto', measure } }));

/** Tables that grow with the tree or with time: a sequential scan of one of them is a scan of the whole province. */
const BIG_TABLES = [
  'org',
  'person',
  'org_position',
  'app_user',
  'app_session',
  'audit_log',
  'deployment',
  'task',
  'problem',
  'problem_task',
  'problem_event',
  'problem_measure',
  'problem_action',
  'assignment',
  'assignment_event',
  'ledger_entry',
  'evidence_file',
  'task_rollup',
  'rollup_delta',
  'notification',
  'notification_read',
  'org_demand',
  'org_daily_stat',
  'auth_event',
  'idempotency_key',
  'dues_base',
  'dues_payment',
  'village_income',
  'village_income_year',
] as const;
/** A big table is checked only when the seed made it big: below this the planner rightly reads it whole. */
const MIN_ROWS = 5_000;

/**
 * Statements allowed to read a big table whole, each with its reason. Matched by a fragment of the SQL text
 * (and, when given, only for the route or command that issues it).
 */
const ALLOWED: {
  fragment: string;
  from?: RegExp;
  reason: string;
  /** The planner picks either plan from run to run (a full read or the index): not reported when it uses the index. */
  eitherPlan?: true;
}[] = [
  {
    fragment: 'insert into one_shoulder_month',
    from: /^cli luoshi tasks sweep/,
    reason:
      'the monthly 一肩挑 counts (cadre area): the daily sweep counts every village once, with its ancestors, and ' +
      'replaces the month’s row of each organisation that has villages',
    eitherPlan: true,
  },
  {
    fragment: 'insert into org_daily_stat',
    reason: 'the daily trend: the sweep writes one row per organisation from every kept figure, once a day',
  },
  {
    fragment: 'update assignment a set is_overdue = v.o',
    reason:
      'the deadline sweep (hourly) updates the flags that changed in a batch of up to 5,000 assignments read in id ' +
      'order; joining thousands of VALUES rows, the planner reads the table once instead of probing it per row',
  },
  {
    fragment: 'left join "life_compliance" as "c" on "c"."org_id" = "o"."id"',
    from: /^cli luoshi tasks sweep/,
    reason:
      'the monthly 组织生活 re-check (in the hourly sweep) walks every active organisation in id order, 500 at a ' +
      'time, to find those whose kept figures predate the month; once a month each is found and re-checked',
    eitherPlan: true,
  },
  {
    fragment: 'with kept as (select task_id, org_id',
    reason: '`luoshi rollups verify` recounts every figure of every task from the records (an operator’s check)',
  },
  {
    fragment: 'select count(*)',
    from: /^admin /,
    reason:
      'a list’s total at the root of the whole deployment (the system administrator) counts the whole tree; below ' +
      'the root the same statements read the subtree through the index on org.path',
  },
  {
    fragment: 'from "person" as "p" inner join "org" as "o" on "o"."id" = "p"."org_id" where "o"."path" <@',
    from: /^admin list → GET \/api\/members\?orgId=1&/,
    reason:
      'the whole city’s roll at its root: a sort other than by name (person_name_order_idx), or a filter matching ' +
      'thousands of people, sorts the roll; below the root the same statements read the subtree by index',
  },
  {
    fragment:
      'from "org_position" as "op" inner join "person" as "p" on "p"."id" = "op"."person_id" where "op"."org_id" in',
    from: /GET \/api\/responsibilities(\/export)?\?/,
    reason:
      'the responsibility list is one unpaged answer for a whole subtree (at most 20,000 rows): the positions of ' +
      'thousands of organisations are joined to the roll by hash (the unpaged answer, kept for API clients and the ' +
      'export; the web reads GET /api/responsibilities/paged)',
  },
  {
    fragment: 'select x.id from assignment x join org xo on xo.id = x.org_id',
    from: /^(admin|district) list → GET \/api\/assignments\?orgId=\d+&sort=(org|assignedOn)/,
    reason:
      'the assignment list of a whole district or city sorted by organisation, or of its overdue work, needs a fifth ' +
      'of the assignments or more, sorted: one pass over the table beats tens of thousands of index reads; the ' +
      'default (deadline) order and the lists of a town or branch go by index',
  },
  {
    fragment: 'from "app_user" as "u" inner join "org" as "o" on "o"."id" = "u"."org_id" order by o.path',
    from: /^cli /,
    reason: '`luoshi user list` prints every account',
  },
];

type Captured = { text: string; params: unknown[]; label: string };

/** Every statement sent through node-postgres while `label` is set, by text and role (one parameter set each). */
const captured = new Map<string, Captured>();
let label: string | null = null;
let role = '';
const originalQuery = pg.Client.prototype.query;

function startCapture(): void {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [first, second] = args as [unknown, unknown];
    const text = typeof first === 'string' ? first : (first as { text?: string } | null)?.text;
    const values = Array.isArray(second) ? second : ((first as { values?: unknown[] } | null)?.values ?? []);
    if (label && typeof text === 'string') {
      const key = `${role}\u0000${text}`;
      if (!captured.has(key)) captured.set(key, { text, params: values, label });
    }
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
}

function stopCapture(): void {
  pg.Client.prototype.query = originalQuery;
}

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Plan Rows'?: number;
  Filter?: string;
  Plans?: PlanNode[];
};

function seqScansOf(node: PlanNode, big: ReadonlySet<string>, out: PlanNode[] = []): PlanNode[] {
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] && big.has(node['Relation Name'])) out.push(node);
  for (const child of node.Plans ?? []) seqScansOf(child, big, out);
  return out;
}

/** Work on every branch, written in bulk (the services would take hours for this much): the tables at city scale. */
async function seedWork(database: Database, city: SeedResult): Promise<void> {
  const db = database.db;
  const root = city.rootOrgId;
  const hash = (await sql<{ h: string }>`select password_hash as h from app_user where role = 'sysadmin'`.execute(db))
    .rows[0]!.h;
  await sql`
    insert into deployment (org_id, region_id, title, source_kind, source_text, outline, status, created_at)
    select id, region_id, '本级部署', 'paste', '会议讲话', '[]'::jsonb, 'confirmed', now() - interval '30 days'
    from org cross join generate_series(1, 2) where type in ('committee', 'working_committee', 'general_branch')`.execute(
    db,
  );
  await sql`
    insert into task (org_id, region_id, deployment_id, title, deadline, progress_mode)
    select d.org_id, d.region_id, d.id, '本级任务' || g, '2026-12-31', 'none' from deployment d cross join generate_series(1, 2) g`.execute(
    db,
  );
  const tasks = (
    await sql<{ id: number }>`
      insert into task (org_id, region_id, title, progress_mode, target_value, target_unit, deadline)
      select ${root}, region_id, '全市任务' || g, 'sum', 1000, '个', '2026-12-31'
      from org, generate_series(1, 11) g where id = ${root}
      returning id`.execute(db)
  ).rows.map((r) => r.id);
  const assign = (ids: number[]) => sql`
    insert into assignment (task_id, org_id, region_id, assigner_org_id, assigned_on, deadline, state, figure,
      is_overdue, is_lagging, done_on)
    select t.id, o.id, o.region_id, ${root}, '2026-09-01', '2026-12-31',
      (array['not_started','in_progress','in_progress','submitted','done'])[1 + (o.id * 7 + t.id) % 5],
      (o.id + t.id) % 10, ((o.id + t.id) % 13 = 0), ((o.id + t.id) % 11 = 0),
      case when (o.id * 7 + t.id) % 5 = 4 then '2026-11-01'::date end
    from task t cross join org o
    where t.id in (${sql.join(ids)}) and o.type in ('branch', 'joint_branch')`;
  await assign(tasks.slice(0, 10)).execute(db);
  // Each organisation's own tasks go to its children: many tasks, each with a few assignments.
  await sql`
    insert into assignment (task_id, org_id, region_id, assigner_org_id, assigned_on, deadline, state)
    select t.id, c.id, c.region_id, t.org_id, '2026-10-01', '2026-12-31', 'in_progress'
    from task t join org c on c.parent_id = t.org_id where t.title = '本级任务1'`.execute(db);
  await foldRollups(db);
  // The last task's deltas stay pending, as between two folds.
  await assign(tasks.slice(10)).execute(db);
  const first = tasks.slice(0, 4);
  await sql`
    insert into ledger_entry (assignment_id, region_id, entry_date, text, figure, created_by_name, created_at)
    select a.id, a.region_id, '2026-11-01', '已召开支委会研究部署', 1, '书记', now() - interval '20 days'
    from assignment a where a.task_id in (${sql.join(first)})`.execute(db);
  await sql`
    insert into evidence_file (ledger_entry_id, storage, storage_key, filename, mime, size_bytes, sha256, created_at)
    select e.id, 'disk', 'evidence/' || e.id, '照片.png', 'image/png', 1000, md5(e.id::text), e.created_at
    from ledger_entry e join assignment a on a.id = e.assignment_id where a.task_id = ${first[0]!}`.execute(db);
  await sql`
    insert into assignment_event (assignment_id, at, actor_name, event, from_state, to_state)
    select a.id, now() - interval '10 days', '书记', 'start', 'not_started', 'in_progress'
    from assignment a where a.task_id in (${sql.join(first.slice(0, 3))})`.execute(db);
  await sql`
    insert into notification (org_id, kind, title, task_id, assignment_id, created_at)
    select a.org_id, 'assigned', '新任务', a.task_id, a.id, now() - interval '30 days'
    from assignment a where a.task_id in (${sql.join(first.slice(0, 2))})`.execute(db);
  await sql`
    insert into org_demand (org_id, region_id, kind, from_org_id, task_id, assignment_id, at)
    select a.org_id, a.region_id, 'assignment', ${root}, a.task_id, a.id, now() - interval '30 days'
    from assignment a where a.task_id in (${sql.join(first.slice(0, 2))})`.execute(db);
  await sql`
    insert into app_user (username, display_name, password_hash, role, org_id)
    select 'sj' || o.id, o.name || '书记', ${hash}, 'secretary', o.id
    from org o where o.type in ('branch', 'joint_branch') and not exists (select 1 from app_user u where u.org_id = o.id)`.execute(
    db,
  );
  await sql`
    insert into notification_read (notification_id, user_id, read_at)
    select n.id, u.id, now() - interval '5 days' from notification n join app_user u on u.org_id = n.org_id
    where n.id % 2 = 0 and u.username like 'sj%'`.execute(db);
  await sql`
    insert into app_session (id, user_id, created_at, expires_at, last_seen_at)
    select md5('session' || u.id), u.id, now() - interval '2 days', now() - interval '1 day', now() - interval '2 days'
    from app_user u where u.username like 'sj%'`.execute(db);
  await sql`
    insert into auth_event (at, kind, outcome, username, user_id)
    select now() - (g || ' minutes')::interval, 'login', 'ok', u.username, u.id
    from app_user u cross join generate_series(1, 3) g where u.username like 'sj%'`.execute(db);
  await sql`
    insert into idempotency_key (user_id, key, method, path, status, created_at)
    select u.id, md5('key' || u.id), 'POST', '/api/assignments/1/ledger', 200, now() - interval '1 hour'
    from app_user u where u.username like 'sj%'`.execute(db);
  await sql`
    insert into problem (org_id, region_id, issuer_org_id, title, source, found_on, deadline, created_at)
    select o.id, o.region_id, coalesce(o.parent_id, o.id), '组织生活不规范', 'patrol', current_date - 40,
      current_date - 10, now() - interval '40 days'
    from org o where o.type in ('branch', 'joint_branch')`.execute(db);
  await sql`
    insert into problem_event (problem_id, at, actor_name, side, event, from_state, to_state, person)
    select p.id, now() - interval '30 days', '书记', 'responsible', 'claim', 'open', 'claimed', '张某某'
    from problem p`.execute(db);
  await sql`
    insert into problem_measure (problem_id, event_id, text, deadline)
    select e.problem_id, e.id, '建立问题台账，逐项整改', current_date + 30 from problem_event e`.execute(db);
  await sql`
    insert into problem_action (problem_id, kind, held_on, at, actor_name, content)
    select p.id, 'talk', current_date - 5, now() - interval '5 days', '书记', '约谈支部书记' from problem p`.execute(
    db,
  );
  await sql`update problem set state = 'rectifying'`.execute(db);
  await sql`
    insert into problem_task (problem_id, task_id) select p.id, ${first[0]!} from problem p`.execute(db);
  // Ten audit rows per organisation; their chain is not a valid one (nothing here verifies it).
  await sql`
    insert into audit_log (at, actor_id, actor_name, action, entity, entity_id, org_id, prev_hash, hash, keyed)
    select now() - (g || ' seconds')::interval, null, '书记', 'update', 'assignment', (o.id * 10 + g)::text, o.id,
      md5('p' || o.id || '.' || g), md5('h' || o.id || '.' || g), true
    from org o cross join generate_series(1, 10) g`.execute(db);
  await sql`
    insert into org_daily_stat (org_id, day, assigned, done, overdue, lagging)
    select o.id, '2026-11-01'::date + g, 10, 2, 1, 1
    from org o cross join generate_series(0, 9) g`.execute(db);
  // Dues of the members of one organisation in ten, January to October: the assessment's dues measure reads them.
  await sql`
    insert into dues_base (person_id, from_month, category, amount, actor_name, at)
    select p.id, '2026-01-01', 'salaried', 20, '探针', now()
    from person p where p.org_id % 10 = 0 and p.status in ('full', 'probationary')`.execute(db);
  await sql`
    insert into dues_payment (person_id, org_id, month, amount, paid_on, actor_name, at)
    select b.person_id, p.org_id, make_date(2026, m, 1), 20, make_date(2026, m, 10), '探针', now()
    from dues_base b join person p on p.id = b.person_id cross join generate_series(1, 10) m`.execute(db);
  // 村级集体经济: every village's quarters of 2026 and, for most, the annual statement of 2025, with the kept yearly
  // figures (the subtree's "两个80%" and the targets counted from incomes read them).
  await sql`
    insert into village_income (org_id, region_id, year, quarter, business, subsidy, via, actor_name, created_at)
    select o.id, o.region_id, 2026, q, (o.id * 37 + q * 101) % 30000, 1000, 'import', '探针', now()
    from org o cross join generate_series(1, 3) q where o.unit_level = 'village'`.execute(db);
  await sql`
    insert into village_income (org_id, region_id, year, quarter, business, contracting, via, actor_name, created_at)
    select o.id, o.region_id, 2025, null, (o.id * 53) % 120000, 5000, 'import', '探针', now()
    from org o where o.unit_level = 'village' and o.id % 10 <> 0`.execute(db);
  await sql`
    insert into village_income_year (org_id, year, region_id, business, contracting, investment, subsidy, other,
      operating, total, annual, quarters, entries, updated_at)
    select v.org_id, v.year, min(v.region_id), sum(v.business), sum(v.contracting), 0, sum(v.subsidy), 0,
      sum(v.business + v.contracting), sum(v.business + v.contracting + v.subsidy), bool_or(v.quarter is null),
      coalesce(string_agg(v.quarter::text, ',' order by v.quarter), ''), count(*), now()
    from village_income v group by v.org_id, v.year`.execute(db);
  await sql`analyze`.execute(db);
}

describe('EXPLAIN: no query of a route or a read command scans a big table, on the city profile [postgres only]', () => {
  let database: Database;
  let city: SeedResult;
  let app: App;
  const statuses: string[] = [];
  /** An account of a district running a round over its branches with every automatic indicator, in 上级评分. */
  let assessor = '';
  let liveRound = 0;

  before(async () => {
    const t0 = performance.now();
    database = await openTestDatabase('postgres');
    city = await seedCity(database, 'city', {
      today: TODAY,
      now: new Date(),
      accountsPassword: PASSWORD,
      mustChangePassword: false,
      auditKey: TEST_AUDIT_KEY,
    });
    const t1 = performance.now();
    await seedWork(database, city);
    console.log(`# seeded the city in ${Math.round(t1 - t0)} ms, its work in ${Math.round(performance.now() - t1)} ms`);
    app = await buildApp({ database, now: () => new Date('2026-11-23T02:00:00Z') });
  });
  after(async () => {
    stopCapture();
    await app?.close();
    await database?.close();
  });

  async function login(username: string): Promise<string> {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    assert.equal(res.statusCode, 200, `login ${username}: ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'luoshi_session')!;
    return `luoshi_session=${cookie.value}`;
  }

  /** Through the API as the system administrator: a town's deployment and task, assigned to the branch, its ledger. */
  async function buildTargets(admin: string, secretary: string): Promise<Targets> {
    const call = async (method: 'GET' | 'POST', url: string, payload?: unknown, headers?: Record<string, string>) => {
      const res = await app.inject({ method, url, payload: payload as never, headers: { cookie: admin, ...headers } });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    const shuji = city.accounts.find((a) => a.role === 'secretary')!;
    const dangyuan = city.accounts.find((a) => a.role === 'member')!;
    const branch = shuji.orgId;
    const town = (await call('GET', `/api/orgs/${branch}`)).parentId as number;
    const deployment = (await call('POST', '/api/deployments', { orgId: town, text: SPEECH })).id as number;
    const task = (await call('POST', '/api/tasks', { orgId: town, title: '标准化建设', deadline: '2026-12-31' }))
      .id as number;
    const batch = (await call('POST', `/api/tasks/${task}/assignments`, { orgIds: [branch] })).batchId as number;
    const assignment = (await call('GET', `/api/assignments?taskId=${task}`)).items[0].id as number;
    const body = multipartBody({ text: '已完成摸底', entryDate: '2026-11-20' }, [
      { field: 'file', filename: '照片.png', data: PNG },
    ]);
    const detail = await call('POST', `/api/assignments/${assignment}/ledger`, body.payload, {
      ...body.headers,
      cookie: secretary,
    });
    const problem = (await call('POST', '/api/problems', { orgId: branch, title: '组织生活不规范' })).id as number;
    const supervision = (
      await call('POST', '/api/supervisions', {
        orgId: town,
        kind: 'random',
        title: '组织生活随机抽查',
        periodStart: '2026-11-01',
        periodEnd: '2026-11-30',
        orgIds: [branch],
        sample: { underOrgId: town, types: ['branch'], share: 0.2, min: 2 },
      })
    ).id as number;
    const finding = (
      await call('POST', `/api/supervisions/${supervision}/findings`, { orgId: branch, text: '会议记录不全' })
    ).findings[0].id as number;
    const notice = (
      await call('POST', '/api/notices', { orgId: town, periodStart: '2026-11-01', periodEnd: '2026-11-30' })
    ).id as number;
    const meeting = (
      await call('POST', '/api/meetings', { orgId: branch, kind: 'lecture', heldOn: '2026-11-20', topic: '党课' })
    ).id as number;
    const sheet = multipartBody({}, [{ field: 'files', filename: '签到表.png', data: PNG }]);
    const meetingFile = (await call('POST', `/api/meetings/${meeting}/files`, sheet.payload, sheet.headers)).files[0]
      .id as number;
    const instruction = (
      await call('POST', '/api/instructions', { problemId: problem, text: '抓紧整改', replyDue: '2026-12-10' })
    ).id as number;
    await call('POST', '/api/dues/bases', { personId: dangyuan.personId, fromMonth: '2026-01', category: 'minimal' });
    const paid = await call('POST', '/api/dues/payments', {
      personId: dangyuan.personId,
      months: ['2026-10'],
      paidOn: '2026-10-15',
    });
    const leaving = (
      await sql<{ id: number }>`select id from person where org_id = ${branch} and status in ('full', 'probationary')
        and id <> ${dangyuan.personId} order by id limit 1`.execute(database.db)
    ).rows[0]!.id;
    const transfer = (
      await call('POST', '/api/transfers', {
        personId: leaving,
        kind: 'out',
        outsideOrg: '外省某党支部',
        letterNo: 'E-1',
        reason: '工作调动',
      })
    ).id as number;
    const applicant = (
      await call('POST', '/api/members', {
        orgId: branch,
        name: '申请探针',
        status: 'applicant',
        birthDate: '1998-03-03',
      })
    ).id as number;
    const development = (await call('POST', '/api/development/cases', { personId: applicant, on: '2026-11-10' }))
      .id as number;
    const ids = await sql<{ position: number; notification: string; user: number }>`
      select (select id from org_position where org_id = ${branch} order by id limit 1) as position,
        (select id from notification where assignment_id = ${assignment} order by id limit 1) as notification,
        (select id from app_user where username = ${dangyuan.username}) as "user"`.execute(database.db);
    const row = ids.rows[0]!;
    // A talk of the branch, written as recorded (the seeded positions need not cover its day).
    const talk = (
      await database.db
        .insertInto('talk')
        .values({
          org_id: branch,
          region_id: (
            await database.db.selectFrom('org').select('region_id').where('id', '=', branch).executeTakeFirstOrThrow()
          ).region_id,
          held_on: '2026-11-20',
          committee_person_id: (
            await database.db
              .selectFrom('org_position')
              .select('person_id')
              .where('id', '=', row.position)
              .executeTakeFirstOrThrow()
          ).person_id,
          member_person_id: applicant,
          actor_name: '探针',
          created_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    // A round of the district over all its branches with every automatic indicator, in 上级评分: its results and
    // sheets read the measures live (the probe round below is in 公示, its values frozen).
    const district = (await call('GET', `/api/orgs/${town}`)).parentId as number;
    assessor = await loginAs(
      app,
      (await insertUser(database, `assess-district-${district}`, 'secretary', { id: district })).username,
    );
    const asAssessor = async (method: 'POST' | 'PUT', url: string, payload: unknown) => {
      const res = await app.inject({ method, url, payload: payload as never, headers: { cookie: assessor } });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    const liveSystem = (await asAssessor('POST', '/api/assess/systems', { year: 2026, name: '探针自动考核' })).id;
    await asAssessor('PUT', `/api/assess/systems/${liveSystem}`, {
      name: '探针自动考核',
      total: 100,
      indicators: MEASURE_INDICATORS,
    });
    await asAssessor('POST', `/api/assess/systems/${liveSystem}/publish`, {});
    liveRound = (
      await asAssessor('POST', `/api/assess/systems/${liveSystem}/rounds`, {
        rule: { underOrgId: district, types: ['branch', 'joint_branch'] },
        name: '探针自动考核',
        selfDue: '2026-11-24',
        scoreDue: '2026-11-25',
        cutoff: '2026-11-23',
        publicityFrom: '2026-11-26',
        publicityTo: '2026-11-30',
      })
    ).id;
    for (const to of ['self_assessment', 'scoring']) {
      await asAssessor('POST', `/api/assess/rounds/${liveRound}/transition`, { to });
    }
    // An assessment of the branch by the town (an account of the town runs it), in 公示, with the branch's objection.
    const townCookie = await loginAs(
      app,
      (await insertUser(database, `assess-town-${town}`, 'secretary', { id: town })).username,
    );
    const assess = await buildAssessTargets(
      async (cookie, method, url, payload, headers = {}) => {
        const res = await app.inject({ method, url, payload: payload as never, headers: { ...headers, cookie } });
        assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
        return res.json();
      },
      townCookie,
      secretary,
      branch,
    );
    // A grid of the branch (set as a community where the seed has not) and a matter reported in it with a photo.
    await database.db
      .updateTable('org')
      .set({ unit_level: 'community' })
      .where('id', '=', branch)
      .where('unit_level', 'is', null)
      .execute();
    const grid = (await call('POST', '/api/grids', { orgId: branch, name: '探针网格', workerName: '探针网格员' }))
      .id as number;
    const gridForm = multipartBody({ gridId: String(grid), category: 'environment', text: '垃圾堆放' }, [
      { field: 'files', filename: '现场.png', data: PNG },
    ]);
    const gridMatter = await call('POST', '/api/grid-matters', gridForm.payload, gridForm.headers);
    const gridTargets = {
      grid,
      gridMatter: gridMatter.id as number,
      gridFile: gridMatter.events[0].files[0].id as number,
    };
    // A 2026 collective income entry of a seeded village (the branch is a community here), with a file on it.
    const seededVillage = (
      await sql<{ id: number }>`
        select id from org where unit_level = 'village' and status = 'active' order by id limit 1`.execute(database.db)
    ).rows[0]!.id;
    const income = await call('POST', '/api/economy/entries', {
      orgId: seededVillage,
      year: 2026,
      quarter: 4,
      amounts: { business: 12_000, subsidy: 3_000 },
    });
    const incomeEntry = income.entries.find((e: { quarter: number | null }) => e.quarter === 4).id as number;
    const incomeUpload = multipartBody({}, [{ field: 'files', filename: '收支表.png', data: PNG }]);
    const incomeFile = (
      await call('POST', `/api/economy/entries/${incomeEntry}/files`, incomeUpload.payload, incomeUpload.headers)
    ).entries.find((e: { id: number }) => e.id === incomeEntry).files[0].id as number;
    const appraisal = (await call('POST', '/api/appraisals', { orgId: branch, year: 2026, asOf: '2026-11-01' }))
      .id as number;
    const weakOrg = (
      await call('POST', '/api/weak-orgs', {
        orgId: branch,
        year: 2026,
        designatedOn: '2026-03-01',
        dueOn: '2026-12-31',
        reasons: ['noActivities'],
      })
    ).id as number;
    // A 四议两公开 case of the branch (a community where the seed made it neither), its proposal and a photo on it.
    await database.db
      .updateTable('org')
      .set({ unit_level: 'community' })
      .where('id', '=', branch)
      .where('unit_level', 'is', null)
      .execute();
    const villageCase = (
      await call('POST', '/api/village-decisions', { orgId: branch, kind: 'homestead', matter: '宅基地方案' })
    ).id as number;
    const villageStep = (
      await call('POST', `/api/village-decisions/${villageCase}/steps`, { step: 'proposal', heldOn: '2026-11-10' })
    ).steps[0].id as number;
    const villagePhoto = multipartBody({}, [{ field: 'files', filename: '会议照片.png', data: PNG }]);
    const villageFile = (
      await call(
        'POST',
        `/api/village-decisions/${villageCase}/steps/${villageStep}/files`,
        villagePhoto.payload,
        villagePhoto.headers,
      )
    ).steps[0].files[0].id as number;
    const review = (await call('POST', '/api/reviews', { year: 2026, name: '探针述职评议', orgIds: [branch] }))
      .id as number;
    const reviewUpload = multipartBody({}, [{ field: 'file', filename: '述职报告.pdf', data: PDF }]);
    const reviewFile = (
      await call(
        'POST',
        `/api/reviews/${review}/orgs/${branch}/report-file`,
        reviewUpload.payload,
        reviewUpload.headers,
      )
    ).entries[0].reportFile.id as number;
    return {
      ...assess,
      ...gridTargets,
      incomeEntry,
      incomeFile,
      org: branch,
      appraisal,
      villageCase,
      villageStep,
      villageFile,
      weakOrg,
      review,
      reviewFile,
      // A 书记备案 needs a village and its secretary; the branch here is a community: the list probe reads the
      // filings (none), the decision probe refuses before its queries.
      secretaryFiling: 0,
      parentOrg: town,
      member: dangyuan.personId!,
      development,
      payment: paid.months.find((m: { month: string }) => m.month === '2026-10').paymentId as number,
      transfer,
      floating: (
        await call('POST', '/api/floating', { personId: dangyuan.personId, location: '深圳市', leftOn: '2026-09-01' })
      ).id as number,
      position: row.position,
      user: row.user,
      deployment,
      task,
      assignment,
      batch,
      problem,
      evidence: detail.ledger[0].files[0].id as number,
      ledgerEntry: detail.ledger[0].id as number,
      notification: Number(row.notification),
      supervision,
      finding,
      notice,
      instruction,
      meeting,
      meetingFile,
      talk,
    };
  }

  /** Lists at every depth of the tree and of the list: the scope's root, a deep page, each sort, a search. */
  function listVariants(t: Targets, scopeRoot: number): Probe[] {
    const get = (url: string): Probe => ({ method: 'GET', url });
    return [
      ...['name', 'birthDate', 'joinDate', 'org'].map((sort) =>
        get(`/api/members?orgId=${scopeRoot}&descendants=true&sort=${sort}&page=40&pageSize=50`),
      ),
      get(`/api/members?orgId=${scopeRoot}&descendants=true&q=${encodeURIComponent('王')}`),
      get(`/api/members?orgId=${scopeRoot}&descendants=true&q=wang`),
      get(`/api/members?orgId=${scopeRoot}&descendants=true&status=full&ageBand=36_40`),
      get(`/api/members?orgId=${t.org}`),
      // The whole city's roll takes minutes to write as .xlsx: the export's statements are the same at a town.
      get(`/api/members/export?orgId=${t.parentOrg}&descendants=true`),
      get(`/api/audit?orgId=${scopeRoot}&page=30`),
      get(`/api/audit?orgId=${scopeRoot}&entity=assignment&entityId=${t.assignment}`),
      get(`/api/assignments?orgId=${scopeRoot}&page=30`),
      get(`/api/assignments?orgId=${scopeRoot}&sort=org&page=30`),
      get(`/api/assignments?orgId=${scopeRoot}&sort=assignedOn&displayState=overdue`),
      get(`/api/tasks?orgId=${scopeRoot}&page=5`),
      get(`/api/problems?orgId=${scopeRoot}&page=30`),
      get(`/api/instructions?orgId=${scopeRoot}&mine=true&page=30`),
      get(`/api/development/cases?orgId=${scopeRoot}&page=2`),
      get(`/api/users?orgId=${scopeRoot}&q=zhen01`),
      get(`/api/users/paged?orgId=${scopeRoot}&page=2`),
      get(`/api/users/paged?orgId=${scopeRoot}&q=zhen01`),
      get('/api/auth/events?page=20'),
      get(`/api/dashboard?orgId=${scopeRoot}`),
      get(`/api/dashboard/tasks?orgId=${scopeRoot}&page=3`),
      get(`/api/week?orgId=${scopeRoot}`),
      get(`/api/orgs/search?q=${encodeURIComponent('支部')}&within=${scopeRoot}`),
      get(`/api/orgs/${scopeRoot}/children`),
      get(`/api/responsibilities?orgId=${scopeRoot}`),
      get(`/api/responsibilities/paged?orgId=${scopeRoot}&page=3`),
      get(`/api/responsibilities/paged?orgId=${t.org}`),
      get(`/api/economy/villages?orgId=${scopeRoot}&year=2026&page=3`),
      get('/api/notifications'),
    ];
  }

  test('every statement of every route and read command uses an index on the big tables', async () => {
    const accounts = {
      admin: city.accounts.find((a) => a.role === 'sysadmin')!,
      district: city.accounts.find((a) => a.role === 'orgadmin' && /^qu\d+$/.test(a.username))!,
      secretary: city.accounts.find((a) => a.role === 'secretary')!,
      member: city.accounts.find((a) => a.role === 'member')!,
    };
    const cookies: Record<string, string> = {};
    for (const [r, a] of Object.entries(accounts)) cookies[r] = await login(a.username);
    const targets = await buildTargets(cookies.admin!, cookies.secretary!);

    const send = async (r: string, key: string, probe: Probe) => {
      role = r;
      label = `${r} ${key} → ${probe.method} ${probe.url}`;
      const t0 = performance.now();
      const res = await app.inject({
        method: probe.method,
        url: probe.url,
        payload: probe.payload as never,
        headers: { ...probe.headers, cookie: cookies[r]! },
      });
      statuses.push(`${res.statusCode} ${label} (${Math.round(performance.now() - t0)} ms)`);
      label = null;
      return res;
    };

    startCapture();
    try {
      const reads = Object.entries(PROBES).filter(([k]) => k.startsWith('GET '));
      const writes = Object.entries(PROBES).filter(([k]) => !k.startsWith('GET '));
      // Reads first, while every target exists; then the writes, which may move or close them.
      for (const r of Object.keys(accounts)) {
        const scopeRoot = accounts[r as keyof typeof accounts].orgId;
        for (const [key, probeSet] of reads) for (const p of probeSet(targets, targets)) await send(r, key, p);
        for (const r2 of app.routeTable.filter((x) => x.method === 'GET' && `GET ${x.url}` in EXEMPT)) {
          if (!r2.url.includes(':')) await send(r, `GET ${r2.url}`, { method: 'GET', url: r2.url });
        }
        for (const p of listVariants(targets, scopeRoot)) await send(r, 'list', p);
      }
      // The live round: its results (every branch's measures, scored and graded), a branch's sheet (its measures),
      // then closing scoring (the measures read again, frozen, the results stored).
      cookies.assessor = assessor;
      for (const url of [
        `/api/assess/rounds/${liveRound}/results`,
        `/api/assess/rounds/${liveRound}/orgs/${targets.org}`,
      ]) {
        await send('assessor', 'assess live', { method: 'GET', url });
      }
      await send('assessor', 'assess live', {
        method: 'POST',
        url: `/api/assess/rounds/${liveRound}/transition`,
        payload: { to: 'publicity' },
      });
      for (const r of Object.keys(accounts)) {
        for (const [key, probeSet] of writes) for (const p of probeSet(targets, targets)) await send(r, key, p);
      }
      // The commands that read, as the CLI runs them.
      const env = {
        DATABASE_URL: (await currentUrl(database)).toString(),
        LUOSHI_AUDIT_KEY: TEST_AUDIT_KEY.toString('hex'),
      };
      for (const args of [
        ['user', 'list', '--json'],
        ['rollups', 'verify'],
        ['tasks', 'sweep'],
        ['audit', 'anchor'],
      ]) {
        role = 'cli';
        label = `cli luoshi ${args.join(' ')}`;
        const t0 = performance.now();
        const res = await runCli(args, env);
        statuses.push(`exit ${res.code} ${label} (${Math.round(performance.now() - t0)} ms)`);
        label = null;
      }
    } finally {
      stopCapture();
    }

    const ok = statuses.filter((s) => /^(2\d\d|exit 0)/.test(s)).length;
    console.log(`# ${statuses.length} requests and commands sent, ${ok} answered 2xx or exit 0`);
    assert.ok(ok >= 150, `only ${ok} successful requests:\n${statuses.join('\n')}`);

    const client = new pg.Client({ connectionString: (await currentUrl(database)).toString() });
    await client.connect();
    try {
      // The statistics and visibility a running database has (autovacuum keeps them): without this the plans depend on
      // whether autovacuum happened to run during the test (a count by index-only scan needs the visibility map).
      await client.query(`vacuum analyze ${BIG_TABLES.join(', ')}`);
      // Tables that stay small (a handful of supervisions and notices per organisation and year) are analysed too, as
      // autovacuum would: without statistics the planner guesses them big and hashes the whole tree against them.
      await client.query('analyze supervision, supervision_target, supervision_task, supervision_finding, notice');
      const sizes = await client.query<{ name: string; n: number }>(
        `select relname as name, reltuples::float8 as n from pg_class where relname = any($1::text[]) and relkind = 'r'`,
        [[...BIG_TABLES]],
      );
      const small = sizes.rows.filter((s) => s.n < MIN_ROWS).map((s) => `${s.name} (${s.n})`);
      const big = new Set<string>(BIG_TABLES);

      const offences: string[] = [];
      const allowedSeen = new Set<string>();
      let explained = 0;
      for (const c of captured.values()) {
        if (!/^\s*(select|with|insert|update|delete)\b/i.test(c.text)) continue;
        let plan: PlanNode;
        try {
          const res = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
            `explain (format json) ${c.text}`,
            c.params,
          );
          plan = res.rows[0]!['QUERY PLAN'][0]!.Plan;
        } catch (e) {
          offences.push(`${c.label}\n  cannot explain: ${(e as Error).message}\n  ${c.text.slice(0, 600)}`);
          continue;
        }
        explained++;
        const scans = seqScansOf(plan, big);
        if (scans.length === 0) continue;
        const allowed = ALLOWED.find((a) => c.text.includes(a.fragment) && (!a.from || a.from.test(c.label)));
        if (allowed) {
          allowedSeen.add(allowed.fragment);
          continue;
        }
        const nodes = scans.map(
          (s) =>
            `Seq Scan on ${s['Relation Name']} (rows ${s['Plan Rows']}${s.Filter ? `, filter ${s.Filter.slice(0, 200)}` : ''})`,
        );
        offences.push(
          `${c.label}\n  ${nodes.join('\n  ')}\n  ${c.text.replace(/\s+/g, ' ').slice(0, 600)}\n  params ${JSON.stringify(c.params).slice(0, 200)}`,
        );
      }
      console.log(`# EXPLAIN: ${explained} statements explained, ${captured.size} captured`);
      if (offences.length > 0) console.log(offences.join('\n\n'));
      assert.deepEqual(small, [], 'the seed must make every big table big');
      assert.ok(explained >= 150, `only ${explained} statements explained`);
      assert.equal(offences.length, 0, `${offences.length} statements scan a big table (see the report above)`);
      const stale = ALLOWED.filter((a) => !a.eitherPlan && !allowedSeen.has(a.fragment)).map((a) => a.fragment);
      assert.deepEqual(stale, [], 'allowed statements that no longer scan (remove them from ALLOWED)');
    } finally {
      await client.end();
    }
  });
});

async function currentUrl(database: Database): Promise<URL> {
  const { rows } = await sql<{ db: string }>`select current_database() as db`.execute(database.db);
  const url = new URL(await adminUrl());
  url.pathname = `/${rows[0]!.db}`;
  return url;
}
