import os from 'node:os';
import { sql } from 'kysely';
import { checkCompliance, type MeetingFacts, yearPeriod } from '../src/domain/life/compliance.ts';
import type { MeetingKind } from '../src/domain/life/vocab.ts';
import type { OrgType } from '../src/domain/org/vocab.ts';
import { buildApp } from '../src/server/app.ts';
import { TEST_AUDIT_KEY } from '../src/server/auth/audit-key.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { recheckOrgYear, sweepLifeCompliance } from '../src/server/features/life/compliance.service.ts';
import type { SeedProfile } from '../src/server/features/seed/generate-types.ts';
import { seedCity } from '../src/server/features/seed/seed.service.ts';
import { startPgCluster } from '../src/server/test/pg-cluster.ts';

/**
 * 组织生活 (issue 11) on a seeded profile on PostgreSQL: a year of meetings for every organisation (generated here, in
 * SQL, not by the demo seed: every branch holds its 支委会 and 主题党日 monthly, its 党员大会 and 党课 quarterly, about
 * one in ten skipped, a tenth without minutes; groups monthly; committees their yearly 民主生活会), then
 *   - the whole year checked for every organisation at once (the sweep that keeps the figures), once;
 *   - one organisation's calendar (GET /api/life/compliance: its meetings and the check, the whole request) p50/p95;
 *   - one new record and the re-check of its organisation's year in the same transaction (POST /api/meetings) p50/p95;
 *   - subtree rates at the root (GET /api/life/rates, the kept figures summed by path) p50/p95.
 */
export type Stats = { p50: number; p95: number; n: number };
export type LifeBenchResult = {
  profile: SeedProfile;
  pgVersion: string;
  orgs: number;
  meetings: number;
  seedMs: number;
  sweepMs: number;
  /** The pure check of one organisation's year (its meetings in memory), over every organisation, in µs. */
  check: Stats;
  /** Re-checking one branch's year and writing its figures (what a write adds), in ms. */
  recheck: Stats;
  calendar: Stats;
  record: Stats;
  rates: Stats;
};

const TODAY = '2026-11-23';
const PASSWORD = 'Bench-pass-2026';

function stats(ms: number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p95: at(0.95), n: s.length };
}

export async function benchLife(profile: SeedProfile, log: (s: string) => void): Promise<LifeBenchResult> {
  const cluster = await startPgCluster();
  try {
    const database = await openDatabase({ engine: 'postgres', url: cluster.url });
    await migrate(database.db);
    log(`== life: seeding the ${profile} profile on PostgreSQL`);
    const t0 = performance.now();
    await seedCity(database, profile, {
      today: TODAY,
      now: new Date(),
      accountsPassword: PASSWORD,
      auditKey: TEST_AUDIT_KEY,
    });
    const seedMs = performance.now() - t0;
    // A year of meetings, January to November (the clock stands in November), by organisation type.
    await sql`
      insert into meeting (org_id, region_id, kind, held_on, topic, minutes, actor_name, created_at, updated_at)
      select o.id, o.region_id, k.kind, make_date(2026, m, 10 + (o.id % 15)), '学习贯彻' || k.kind,
        case when (o.id + m) % 10 = 0 then '' else '会议按议程进行。' end, '基准', now(), now()
      from org o
      cross join generate_series(1, 11) m
      join (values ('branch', 'committee_meeting', 1), ('branch', 'theme_day', 1), ('branch', 'general_meeting', 3),
                   ('branch', 'lecture', 3), ('group', 'group_meeting', 1), ('committee', 'leadership_life_meeting', 12))
        as k (otype, kind, every)
        on k.otype = case when o.type in ('branch', 'joint_branch', 'general_branch') then 'branch'
                          when o.type = 'group' then 'group' else 'committee' end
      where m % k.every = 0 and (o.id * 7 + m * 3) % 10 <> 0`.execute(database.db);
    await sql`analyze`.execute(database.db);
    const counts = (
      await sql<{ orgs: number; meetings: number }>`
        select (select count(*)::int from org) as orgs, (select count(*)::int from meeting) as meetings`.execute(
        database.db,
      )
    ).rows[0]!;
    log(`   ${counts.meetings} meetings for ${counts.orgs} organisations`);
    const s0 = performance.now();
    const swept = await sweepLifeCompliance(database.db, { today: TODAY });
    const sweepMs = performance.now() - s0;
    log(`   whole year, every organisation: ${Math.round(sweepMs)} ms (${swept.checked} checked)`);

    // The pure check alone, per organisation, over the whole profile (meetings read once, grouped in memory).
    const orgRows = (
      await sql<{ id: number; type: OrgType; committee: boolean }>`
        select o.id, o.type, (select count(*) from person p where p.org_id = o.id and p.status = 'full') >= 7 as committee
        from org o`.execute(database.db)
    ).rows;
    const byOrg = new Map<number, MeetingFacts[]>();
    const facts = (
      await sql<{ id: number; org_id: number; kind: MeetingKind; held_on: string; has_minutes: boolean }>`
        select id, org_id, kind, held_on::text as held_on, length(minutes) > 0 as has_minutes from meeting`.execute(
        database.db,
      )
    ).rows;
    for (const m of facts) {
      const list = byOrg.get(m.org_id) ?? [];
      list.push({
        id: m.id,
        kind: m.kind,
        heldOn: m.held_on,
        hasMinutes: m.has_minutes,
        expected: null,
        present: null,
        votes: [],
      });
      byOrg.set(m.org_id, list);
    }
    const checkUs: number[] = [];
    for (const o of orgRows) {
      const t = performance.now();
      checkCompliance({
        orgType: o.type,
        hasCommittee: o.committee,
        ...yearPeriod(2026),
        today: TODAY,
        meetings: byOrg.get(o.id) ?? [],
      });
      checkUs.push((performance.now() - t) * 1000);
    }
    const check = stats(checkUs);
    log(`   pure check per organisation: p50 ${check.p50.toFixed(0)} µs, p95 ${check.p95.toFixed(0)} µs`);

    const app = await buildApp({ database, now: () => new Date(`${TODAY}T02:00:00Z`) });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    const cookie = `luoshi_session=${login.cookies.find((c) => c.name === 'luoshi_session')!.value}`;
    const branches = (
      await sql<{ id: number }>`select id from org where type = 'branch' order by id`.execute(database.db)
    ).rows.map((r) => r.id);
    const pick = (i: number) => branches[(i * 7919) % branches.length]!;
    const time = async (n: number, fn: (i: number) => Promise<void>) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await fn(i);
        ms.push(performance.now() - t);
      }
      return stats(ms);
    };
    const expect = (status: number, want: number, body: string) => {
      if (status !== want) throw new Error(`life bench: ${status} ${body.slice(0, 300)}`);
    };
    const recheck = await time(60, async (i) => {
      await database.db.transaction().execute((trx) => recheckOrgYear(trx, pick(i), 2026, TODAY));
    });
    const calendar = await time(60, async (i) => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/life/compliance?orgId=${pick(i)}&year=2026`,
        headers: { cookie },
      });
      expect(res.statusCode, 200, res.body);
    });
    const record = await time(60, async (i) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/meetings',
        headers: { cookie },
        payload: { orgId: pick(i), kind: 'lecture', heldOn: '2026-11-20', topic: '基准党课', minutes: '记录' },
      });
      expect(res.statusCode, 201, res.body);
    });
    const rootId = (await sql<{ id: number }>`select id from org where parent_id is null`.execute(database.db)).rows[0]!
      .id;
    const rates = await time(20, async () => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/life/rates?orgId=${rootId}&year=2026`,
        headers: { cookie },
      });
      expect(res.statusCode, 200, res.body);
    });
    await app.close();
    await database.close();
    return {
      profile,
      pgVersion: cluster.version,
      orgs: counts.orgs,
      meetings: counts.meetings,
      seedMs,
      sweepMs,
      check,
      recheck,
      calendar,
      record,
      rates,
    };
  } finally {
    await cluster.stop();
  }
}

export function lifeSection(r: LifeBenchResult, fmt: (x: number, d?: number) => string): string[] {
  return [
    '## 组织生活 compliance',
    '',
    `\`npm run bench -- --only life\` (the ${r.profile} profile on ${r.pgVersion}: ${fmt(r.orgs, 0)} organisations and`,
    `${fmt(r.meetings, 0)} meetings of January–November 2026 generated in SQL by the bench — each branch its 支委会 and`,
    '主题党日 monthly, 党员大会 and 党课 quarterly, about one in ten skipped and one in ten without minutes; each group its',
    'monthly meeting; each committee its 民主生活会; the clock on 2026-11-23). The check is the pure function of',
    'src/domain/life/compliance.ts over one organisation’s meetings of the year; the figures are kept per organisation',
    'and year (docs/life.md).',
    '',
    '| | |',
    '|---|---:|',
    `| the whole year checked for every organisation (the sweep's batches of 500, figures written) | ${fmt(r.sweepMs / 1000)} s (${fmt((r.sweepMs / r.orgs) * 1000, 0)} µs per organisation) |`,
    `| the check of one organisation's year (the pure function, its meetings in memory), over all ${fmt(r.orgs, 0)}: p50 / p95 | ${fmt(r.check.p50, 0)} / ${fmt(r.check.p95, 0)} µs |`,
    `| re-checking one branch's year and writing its kept figures (what a new record adds): p50 / p95 | ${fmt(r.recheck.p50)} / ${fmt(r.recheck.p95)} ms |`,
    `| one branch's calendar (GET /api/life/compliance, the whole request): p50 / p95 | ${fmt(r.calendar.p50)} / ${fmt(r.calendar.p95)} ms |`,
    `| one new record and the re-check of its branch's year (POST /api/meetings): p50 / p95 | ${fmt(r.record.p50)} / ${fmt(r.record.p95)} ms |`,
    `| subtree rates at the root, children ranked (GET /api/life/rates): p50 / p95 | ${fmt(r.rates.p50)} / ${fmt(r.rates.p95)} ms |`,
    '',
    `Seeding the profile took ${fmt(r.seedMs / 1000)} s. Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores.`,
    '',
  ];
}
