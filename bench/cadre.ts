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
 * 领导班子结构 (issue 13, area cadre) on a seeded profile on PostgreSQL: the seed's committee positions and members
 * (birth dates, genders, education), every committee's term started on a day of 2022–2024 (generated here, in SQL,
 * so that some terms end within the year), then
 *   - the structure report of the whole profile at the root (GET /api/cadre/structure: every team's 老中青, young
 *     cadres, women, findings, the 换届 plan, the cadres whose term ends within a year) p50/p95;
 *   - the same for one district (a child of the root) p50/p95;
 *   - a district's cadre record (GET /api/cadre/cadres) p50/p95.
 */
export type Stats = { p50: number; p95: number; n: number };
export type CadreBenchResult = {
  profile: SeedProfile;
  pgVersion: string;
  orgs: number;
  positions: number;
  teams: number;
  outside: number;
  ending: number;
  seedMs: number;
  root: Stats;
  district: Stats;
  cadres: Stats;
};

const TODAY = '2026-11-23';
const PASSWORD = 'Bench-pass-2026';

function stats(ms: number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p95: at(0.95), n: s.length };
}

export async function benchCadre(profile: SeedProfile, log: (s: string) => void): Promise<CadreBenchResult> {
  const cluster = await startPgCluster();
  try {
    const database = await openDatabase({ engine: 'postgres', url: cluster.url });
    await migrate(database.db);
    log(`== cadre: seeding the ${profile} profile on PostgreSQL`);
    const t0 = performance.now();
    await seedCity(database, profile, {
      today: TODAY,
      now: new Date(),
      accountsPassword: PASSWORD,
      auditKey: TEST_AUDIT_KEY,
    });
    const seedMs = performance.now() - t0;
    // Terms spread over 2022–2024 (some end within the year); birth dates where the seed left none.
    await sql`
      update org set term_started_on = make_date(2022 + id % 3, 1 + id % 12, 1 + id % 28)
      where type <> 'group'`.execute(database.db);
    await sql`
      update person set birth_date = make_date(1960 + id % 36, 1 + id % 12, 1 + id % 28)
      where birth_date is null`.execute(database.db);
    await sql`analyze`.execute(database.db);
    const counts = (
      await sql<{ orgs: number; positions: number }>`
        select (select count(*)::int from org) as orgs,
          (select count(*)::int from org_position where ended_on is null) as positions`.execute(database.db)
    ).rows[0]!;
    log(`   ${counts.positions} positions held in ${counts.orgs} organisations`);
    const app = await buildApp({ database, now: () => new Date(`${TODAY}T02:00:00Z`) });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    const cookie = `luoshi_session=${login.cookies.find((c) => c.name === 'luoshi_session')!.value}`;
    const rootId = (await sql<{ id: number }>`select id from org where parent_id is null`.execute(database.db)).rows[0]!
      .id;
    const districts = (
      await sql<{ id: number }>`select id from org where parent_id = ${rootId} order by id`.execute(database.db)
    ).rows.map((r) => r.id);
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`cadre bench: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res.json() as { totals?: { teams: number; outside: number }; ending?: unknown[] };
    };
    const time = async (n: number, fn: (i: number) => Promise<unknown>) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await fn(i);
        ms.push(performance.now() - t);
      }
      return stats(ms);
    };
    const first = await get(`/api/cadre/structure?orgId=${rootId}`);
    const root = await time(10, () => get(`/api/cadre/structure?orgId=${rootId}`));
    log(`   root report: p50 ${root.p50.toFixed(0)} ms, p95 ${root.p95.toFixed(0)} ms`);
    const district = await time(20, (i) => get(`/api/cadre/structure?orgId=${districts[i % districts.length]}`));
    const cadres = await time(20, (i) => get(`/api/cadre/cadres?orgId=${districts[i % districts.length]}`));
    await app.close();
    await database.close();
    return {
      profile,
      pgVersion: cluster.version,
      orgs: counts.orgs,
      positions: counts.positions,
      teams: first.totals!.teams,
      outside: first.totals!.outside,
      ending: first.ending!.length,
      seedMs,
      root,
      district,
      cadres,
    };
  } finally {
    await cluster.stop();
  }
}

export function cadreSection(r: CadreBenchResult, fmt: (x: number, d?: number) => string): string[] {
  return [
    '## 领导班子结构',
    '',
    `\`npm run bench -- --only cadre\` (the ${r.profile} profile on ${r.pgVersion}: ${fmt(r.orgs, 0)} organisations,`,
    `${fmt(r.positions, 0)} committee positions held, the seed's members with their birth dates; every organisation's`,
    'term start spread over 2022–2024 by the bench, in SQL; the clock on 2026-11-23). The report is',
    'src/server/features/cadre/structure.service.ts: one statement for the positions held on the day, the pure',
    `functions of src/domain/cadre/structure.ts per team. At the root: ${fmt(r.teams, 0)} teams, ${fmt(r.outside, 0)} outside`,
    `the structure rules, ${fmt(r.ending, 0)} cadres whose term ends within a year.`,
    '',
    '| | |',
    '|---|---:|',
    `| the structure report of the whole profile (GET /api/cadre/structure at the root): p50 / p95 | ${fmt(r.root.p50)} / ${fmt(r.root.p95)} ms |`,
    `| the structure report of one district: p50 / p95 | ${fmt(r.district.p50)} / ${fmt(r.district.p95)} ms |`,
    `| one district's cadre record (GET /api/cadre/cadres): p50 / p95 | ${fmt(r.cadres.p50)} / ${fmt(r.cadres.p95)} ms |`,
    '',
    `Seeding the profile took ${fmt(r.seedMs / 1000)} s. Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores.`,
    '',
  ];
}
