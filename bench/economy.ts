import os from 'node:os';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { TEST_AUDIT_KEY } from '../src/server/auth/audit-key.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import type { SeedProfile } from '../src/server/features/seed/generate-types.ts';
import { seedCity } from '../src/server/features/seed/seed.service.ts';
import { startPgCluster } from '../src/server/test/pg-cluster.ts';

/**
 * 村级集体经济 (issue 13): the "两个80%" figure of a seeded profile on PostgreSQL, with income generated in SQL for
 * every village of the profile — the annual statement of the year for nine villages in ten (about one in eight of
 * them without operating income, a quarter below 5万元, the rest above; the tenth village reports nothing) and its
 * kept yearly figures — then, through the HTTP layer (the whole request):
 *   - the "两个80%" of the whole city and of each district (GET /api/economy/summary: one statement over the subtree's
 *     villages by the partial index, the counts by child, the rules of the locality), p50/p95;
 *   - the first page of the city's villages table (GET /api/economy/villages), p50/p95;
 *   - one village's quarter reported (POST /api/economy/entries: the entry, the village's kept year, and the targets
 *     counted from incomes refreshed — a share task assigned to every village and a sum task to every district), p50/p95.
 */
export type Stats = { p50: number; p95: number; n: number };
export type EconomyBenchResult = {
  profile: SeedProfile;
  pgVersion: string;
  orgs: number;
  villages: number;
  entries: number;
  assignments: number;
  seedMs: number;
  generateMs: number;
  city: Stats;
  districts: Stats;
  districtCount: number;
  table: Stats;
  /** The last full page of the villages table, after the cursor and by its number. */
  deep: Stats;
  deepByNumber: Stats;
  lastPage: number;
  write: Stats;
  share: { stable: number; reaching: number };
};

const TODAY = '2026-11-23';
const PASSWORD = 'Bench-pass-2026';
const SAMPLES = 40;

function stats(ms: number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p95: at(0.95), n: s.length };
}

export async function benchEconomy(profile: SeedProfile, log: (s: string) => void): Promise<EconomyBenchResult> {
  const cluster = await startPgCluster();
  try {
    const database = await openDatabase({ engine: 'postgres', url: cluster.url });
    await migrate(database.db);
    log(`== economy: seeding the ${profile} profile on PostgreSQL`);
    const t0 = performance.now();
    await seedCity(database, profile, {
      today: TODAY,
      now: new Date(),
      accountsPassword: PASSWORD,
      auditKey: TEST_AUDIT_KEY,
    });
    const seedMs = performance.now() - t0;
    const db = database.db;
    const root = (await sql<{ id: number; path: string }>`select id, path from org where parent_id is null`.execute(db))
      .rows[0]!;
    const g0 = performance.now();
    // Nine villages in ten report the year: 0 for one in eight of them, below 5万元 for a quarter, above for the rest.
    await sql`
      insert into village_income (org_id, region_id, year, quarter, business, contracting, investment, subsidy, via,
        actor_name, created_at)
      select o.id, o.region_id, 2026, null,
        case when o.id % 8 = 0 then 0 when o.id % 4 = 1 then (o.id * 37) % 40000 else 50000 + (o.id * 53) % 150000 end,
        case when o.id % 8 = 0 then 0 else (o.id * 11) % 9000 end, 0, 20000 + o.id % 30000, 'import', '基准', now()
      from org o where o.unit_level = 'village' and o.status = 'active' and o.id % 10 <> 0`.execute(db);
    await sql`
      insert into village_income_year (org_id, year, region_id, business, contracting, investment, subsidy, other,
        operating, total, annual, quarters, entries, updated_at)
      select v.org_id, v.year, v.region_id, v.business, v.contracting, v.investment, v.subsidy, v.other,
        v.business + v.contracting + v.investment, v.business + v.contracting + v.investment + v.subsidy + v.other,
        true, '', 1, now()
      from village_income v`.execute(db);
    // A share task of the city on every village ("80%的行政村集体经济收入达到5万元") and a sum task on every district.
    const [shareTask, sumTask] = (
      await sql<{ id: number }>`
        insert into task (org_id, region_id, title, progress_mode, target_value, target_unit, share_threshold,
          figure_source, deadline)
        select ${root.id}, region_id, t.title, t.mode, t.target, '万元', t.threshold, t.source::jsonb, '2026-12-31'
        from org, (values
          ('80%的行政村集体经济收入达到5万元', 'share', 80, 5, '{"kind":"villageIncome","year":2026}'),
          ('村级集体经营性收入', 'sum', 100000, null, '{"kind":"villageIncome","year":2026}')
        ) as t(title, mode, target, threshold, source)
        where id = ${root.id}
        returning id`.execute(db)
    ).rows.map((r) => r.id);
    await sql`
      insert into assignment (task_id, org_id, region_id, assigner_org_id, assigned_on, deadline, state)
      select ${shareTask!}, o.id, o.region_id, ${root.id}, '2026-01-05', '2026-12-31', 'in_progress'
      from org o where o.unit_level = 'village' and o.status = 'active'`.execute(db);
    await sql`
      insert into assignment (task_id, org_id, region_id, assigner_org_id, assigned_on, deadline, state)
      select ${sumTask!}, o.id, o.region_id, ${root.id}, '2026-01-05', '2026-12-31', 'in_progress'
      from org o where o.parent_id = ${root.id} and o.status = 'active'`.execute(db);
    await sql`analyze`.execute(db);
    const generateMs = performance.now() - g0;
    const counts = (
      await sql<{ orgs: number; villages: number; entries: number; assignments: number }>`
        select (select count(*)::int from org) as orgs,
          (select count(*)::int from org where unit_level = 'village' and status = 'active') as villages,
          (select count(*)::int from village_income) as entries,
          (select count(*)::int from assignment) as assignments`.execute(db)
    ).rows[0]!;
    log(
      `   ${counts.villages} villages of ${counts.orgs} organisations; ${counts.entries} entries; ${counts.assignments} assignments`,
    );

    const app = await buildApp({ database, now: () => new Date(`${TODAY}T02:00:00Z`) });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    const cookie = `luoshi_session=${login.cookies.find((c) => c.name === 'luoshi_session')!.value}`;
    const call = async (method: 'GET' | 'POST', url: string, payload?: object, want = 200) => {
      const res = await app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
      if (res.statusCode !== want)
        throw new Error(`economy bench: ${method} ${url} ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res.json();
    };
    const time = async (n: number, fn: (i: number) => Promise<void>) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await fn(i);
        ms.push(performance.now() - t);
      }
      return stats(ms);
    };
    // Warm the plans once, then measure.
    const first = await call('GET', `/api/economy/summary?orgId=${root.id}&year=2026`);
    if (first.villages !== counts.villages)
      throw new Error('economy bench: the city counts another number of villages');
    const city = await time(SAMPLES, async () => {
      await call('GET', `/api/economy/summary?orgId=${root.id}&year=2026`);
    });
    log(`   the city's 两个80%: p50 ${city.p50.toFixed(1)} ms, p95 ${city.p95.toFixed(1)} ms`);
    const districtIds = (
      await sql<{
        id: number;
      }>`select id from org where parent_id = ${root.id} and status = 'active' order by id`.execute(db)
    ).rows.map((r) => r.id);
    const districts = await time(SAMPLES, async (i) => {
      await call('GET', `/api/economy/summary?orgId=${districtIds[i % districtIds.length]}&year=2026`);
    });
    log(`   a district's 两个80%: p50 ${districts.p50.toFixed(1)} ms, p95 ${districts.p95.toFixed(1)} ms`);
    const table = await time(SAMPLES, async () => {
      await call('GET', `/api/economy/villages?orgId=${root.id}&year=2026&pageSize=50`);
    });
    log(`   the city's villages, first page: p50 ${table.p50.toFixed(1)} ms, p95 ${table.p95.toFixed(1)} ms`);
    // The last full page of the table: after the cursor the page before it gave (as the web asks), and by its number.
    const base = `/api/economy/villages?orgId=${root.id}&year=2026&pageSize=50`;
    const lastPage = Math.max(1, Math.floor(counts.villages / 50));
    let cursor: string | null = null;
    for (let page = 1; page < lastPage; page++) {
      const answer = await call('GET', `${base}&page=${page}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      cursor = answer.nextCursor;
    }
    const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const deep = await time(SAMPLES, async () => {
      await call('GET', `${base}&page=${lastPage}${after}`);
    });
    const deepByNumber = await time(SAMPLES, async () => {
      await call('GET', `${base}&page=${lastPage}`);
    });
    log(
      `   page ${lastPage}: after the cursor p50 ${deep.p50.toFixed(1)} ms, by its number ${deepByNumber.p50.toFixed(1)} ms`,
    );
    // Villages that reported nothing report their fourth quarter: the entry, the kept year, the targets refreshed.
    const silent = (
      await sql<{ id: number }>`
        select id from org where unit_level = 'village' and status = 'active' and id % 10 = 0 order by id limit ${SAMPLES}`.execute(
        db,
      )
    ).rows.map((r) => r.id);
    const write = await time(silent.length, async (i) => {
      await call(
        'POST',
        '/api/economy/entries',
        { orgId: silent[i], year: 2026, quarter: 4, amounts: { business: 12_000 + i, subsidy: 3_000 } },
        201,
      );
    });
    log(`   one village's quarter reported: p50 ${write.p50.toFixed(1)} ms, p95 ${write.p95.toFixed(1)} ms`);
    await app.close();
    await database.close();
    return {
      profile,
      pgVersion: cluster.version,
      orgs: counts.orgs,
      villages: counts.villages,
      entries: counts.entries,
      assignments: counts.assignments,
      seedMs,
      generateMs,
      city,
      districts,
      districtCount: districtIds.length,
      table,
      deep,
      deepByNumber,
      lastPage,
      write,
      share: { stable: first.twoEighty.stable.share, reaching: first.twoEighty.reaching.share },
    };
  } finally {
    await cluster.stop();
  }
}

export function economySection(r: EconomyBenchResult, fmt: (x: number, d?: number) => string): string[] {
  const ms = (s: Stats) => `${fmt(s.p50)} / ${fmt(s.p95)} ms`;
  return [
    '## 村级集体经济 两个80%',
    '',
    `\`npm run bench -- --only economy\` (the ${r.profile} profile on ${r.pgVersion}:`,
    `${fmt(r.orgs, 0)} organisations, of them ${fmt(r.villages, 0)} villages; income generated in SQL by the bench — the`,
    '2026 annual statement of nine villages in ten (one in eight of them without operating income, a quarter below',
    `5万元, the rest above), the tenth reporting nothing: ${fmt(r.entries, 0)} entries and their kept yearly figures; a`,
    'share task of the city on every village and a sum task on every district counted from the incomes,',
    `${fmt(r.assignments, 0)} assignments in all). The city's two shares come out at ${fmt((r.share.stable ?? 0) * 100)}% and`,
    `${fmt((r.share.reaching ?? 0) * 100)}%. Each figure is the whole HTTP request, ${SAMPLES} samples.`,
    '',
    '| | |',
    '|---|---:|',
    `| the city's "两个80%" with the counts by district (GET /api/economy/summary at the root): p50 / p95 | ${ms(r.city)} |`,
    `| a district's "两个80%" (the same, at each of the ${r.districtCount} districts in turn): p50 / p95 | ${ms(r.districts)} |`,
    `| the city's villages table, first page of 50 (GET /api/economy/villages): p50 / p95 | ${ms(r.table)} |`,
    `| its page ${r.lastPage}, after the cursor the page before gave (as the web asks): p50 / p95 | ${ms(r.deep)} |`,
    `| the same page by its number (OFFSET ${fmt((r.lastPage - 1) * 50, 0)}): p50 / p95 | ${ms(r.deepByNumber)} |`,
    `| one village's quarter reported, its year kept and the targets counted from incomes refreshed (POST /api/economy/entries): p50 / p95 | ${ms(r.write)} |`,
    '',
    `Seeding the profile took ${fmt(r.seedMs / 1000)} s, generating the income ${fmt(r.generateMs / 1000)} s. Measured`,
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${fmt(os.loadavg()[0]!)} on ${os.cpus().length} cores.`,
    '',
  ];
}
