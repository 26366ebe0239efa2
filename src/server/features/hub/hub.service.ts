import type { Kysely } from 'kysely';
import { type HubFigures, type HubOrgs, type HubRegions, hubFigures } from '../../../contracts/hub.ts';
import { todayIn } from '../../../domain/dates.ts';
import { birthDateRangeForBand } from '../../../domain/people/age.ts';
import type { Database } from '../../db/client.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Ctx } from '../context.ts';
import {
  createSubscription,
  detachSubscription,
  dropSubscription,
  ensurePublication,
  type HubOrgRow,
  listHubOrgs,
  listHubRegions,
  listHubSlots,
  listPublicationTables,
  listSubscriptions,
  PUBLICATION,
  type PublishCounts,
  refreshPublishedFigures,
  type SubscriptionRow,
  subscriptionExists,
  upsertHubRegion,
  walLevel,
} from './hub.queries.ts';

export type PublishSettings = { region: string; depth: number };

/**
 * How often the publishing job recounts members (platform default): one pass over the person table, which at a
 * province's millions of members is the publication's one costly read, for a figure that moves slowly.
 */
export const MEMBER_RECOUNT_MS = 10 * 60_000;
export type PublishResult = PublishCounts & { region: string; publishedAt: Date };

/**
 * Publishes this province's figures: refreshes its rows of hub_org_figure (changed ones only) and its hub_region
 * row (the heartbeat: published_at) in one transaction. Logical replication takes the changes to the hub.
 */
export async function publishHub(
  db: Kysely<DB>,
  settings: PublishSettings,
  now: Date,
  opts: { countMembers?: boolean } = {},
): Promise<PublishResult> {
  return db.transaction().execute(async (trx) => {
    const today = todayIn(now);
    const year = Number(today.slice(0, 4));
    const counts = await refreshPublishedFigures(trx, {
      region: settings.region,
      depth: settings.depth,
      now,
      countMembers: opts.countMembers ?? true,
      year,
      yearStart: `${year}-01-01`,
      today,
      // The statistics' age bands (党内统计公报: ≤30 and ≥61), on the day of publication.
      bornFrom30: birthDateRangeForBand('le30', today).from!,
      bornBy61: birthDateRangeForBand('ge61', today).to!,
    });
    await upsertHubRegion(trx, {
      region: settings.region,
      depth: settings.depth,
      org_count: counts.orgCount,
      members: counts.members,
      published_at: now,
    });
    return { ...counts, region: settings.region, publishedAt: now };
  });
}

/**
 * The publishing job of a province: every `everyMs`, when `held()` says this process holds the jobs lease, one
 * publication (one run at a time), recounting members on the first run and then every MEMBER_RECOUNT_MS. Returns a
 * stop function that waits for a run in progress.
 */
export function startHubPublishing(
  db: Kysely<DB>,
  opts: PublishSettings & {
    everyMs: number;
    clock: () => Date;
    held: () => Promise<boolean>;
    onPublished?: (r: PublishResult) => void;
    onError: (err: unknown) => void;
  },
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let membersCountedAt: number | null = null;
  const tick = () => {
    running = opts
      .held()
      .then(async (held) => {
        if (!held) return;
        const now = opts.clock();
        const countMembers = membersCountedAt === null || now.getTime() - membersCountedAt >= MEMBER_RECOUNT_MS;
        // Published first: `onPublished?.(await …)` would skip the publication when there is no callback.
        const published = await publishHub(db, opts, now, { countMembers });
        if (countMembers) membersCountedAt = now.getTime();
        opts.onPublished?.(published);
      })
      .catch(opts.onError)
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, opts.everyMs);
          timer.unref();
        }
      });
  };
  timer = setTimeout(tick, 0);
  timer.unref();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}

type Engineered = Pick<Database, 'db' | 'engine'>;

function requirePostgres(database: Engineered): void {
  if (database.engine !== 'postgres') throw AppError.of('BAD_REQUEST', 'err.hub.needsPostgres');
}

/**
 * Creates (or sets again) the publication `luoshi_hub` of this province's rows: its two tables, filtered on its
 * region. Refused, saying why, unless the server runs with wal_level = logical.
 */
export async function publishForHub(
  database: Engineered,
  region: string,
): Promise<{ publication: string; action: 'created' | 'updated'; tables: { table: string; filter: string | null }[] }> {
  requirePostgres(database);
  const level = await walLevel(database.db);
  if (level !== 'logical') throw AppError.of('CONFLICT', 'err.hub.walLevel', { level });
  const action = await ensurePublication(database.db, region);
  return { publication: PUBLICATION, action, tables: await listPublicationTables(database.db) };
}

/** A province's name on the hub (its subscription is luoshi_hub_<name>). */
const NAME = /^[a-z][a-z0-9_]{0,39}$/;

/** Subscribes the hub to one province: a subscription of its own, so that a province that is down stops only itself. */
export async function subscribeProvince(database: Engineered, name: string, conninfo: string): Promise<void> {
  requirePostgres(database);
  if (!NAME.test(name)) throw AppError.of('VALIDATION_FAILED', 'err.hub.badName', { name });
  if (await subscriptionExists(database.db, name)) throw AppError.of('DUPLICATE', 'err.hub.subscribed', { name });
  await createSubscription(database.db, name, conninfo);
}

/**
 * Drops a province's subscription and its replication slot on the province. `force` drops it when the province
 * cannot be reached; its slot then stays there (the answer says so) and must be dropped on the province.
 */
export async function unsubscribeProvince(
  database: Engineered,
  name: string,
  opts: { force?: boolean } = {},
): Promise<{ slotDropped: boolean }> {
  requirePostgres(database);
  if (!NAME.test(name)) throw AppError.of('VALIDATION_FAILED', 'err.hub.badName', { name });
  if (!(await subscriptionExists(database.db, name))) {
    throw AppError.of('NOT_FOUND', 'err.hub.noSuchSubscription', { name });
  }
  try {
    await dropSubscription(database.db, name);
    return { slotDropped: true };
  } catch (e) {
    if (!opts.force) throw AppError.of('CONFLICT', 'err.hub.provinceUnreachable', { name, reason: String(e) });
    await detachSubscription(database.db, name);
    return { slotDropped: false };
  }
}

export type HubStatus = {
  subscriptions: SubscriptionRow[];
  regions: { region: string; name: string; publishedAt: Date; ageSeconds: number }[];
  slots: { slot: string; active: boolean }[];
};

/**
 * What the hub receives: each subscription (running or not, its last message and how long ago), each province's
 * last publication; on a province, its slots (whether a hub is connected).
 */
export async function hubStatus(database: Engineered, now: Date): Promise<HubStatus> {
  requirePostgres(database);
  const regions = await listHubRegions(database.db, now);
  return {
    subscriptions: await listSubscriptions(database.db),
    regions: regions.map((r) => ({
      region: r.region,
      name: r.name,
      publishedAt: r.published_at,
      ageSeconds: r.age_seconds,
    })),
    slots: await listHubSlots(database.db),
  };
}

/**
 * The national view is for the accounts of a top organisation (the hub's root), administrators and committees: the
 * figures are every province's, not a subtree of the hub's own tree.
 */
function requireNationalViewer(ctx: Ctx): void {
  if (ctx.actor.role === 'member' || ctx.actor.orgPath.includes('.')) {
    throw AppError.of('FORBIDDEN', 'err.hub.nationalOnly');
  }
}

const figuresOf = (r: HubOrgRow): HubFigures => ({
  members: r.members,
  tasks: r.tasks,
  assigned: r.assigned,
  notStarted: r.not_started,
  inProgress: r.in_progress,
  submitted: r.submitted,
  done: r.done,
  doneOnTime: r.done_on_time,
  overdue: r.overdue,
  lagging: r.lagging,
  women: r.women,
  minorities: r.minorities,
  college: r.college,
  ageLe30: r.age_le30,
  ageGe61: r.age_ge61,
  applicants: r.applicants,
  activists: r.activists,
  candidates: r.candidates,
  recruited: r.recruited,
  branches: r.branches,
  lifeYear: r.life_year,
  lifeDue: r.life_due,
  lifeMet: r.life_met,
  starYear: r.star_year,
  starred: r.starred,
  star1: r.star1,
  star2: r.star2,
  star3: r.star3,
  star4: r.star4,
  star5: r.star5,
});

/** A province's totals: the counts summed over its top organisations; the years, the latest of theirs. */
function sumFigures(rows: readonly HubOrgRow[]): HubFigures {
  const sum = Object.fromEntries(Object.keys(hubFigures.shape).map((k) => [k, 0])) as unknown as HubFigures;
  sum.lifeYear = null;
  sum.starYear = null;
  const latest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  for (const r of rows) {
    const f = figuresOf(r);
    for (const k of Object.keys(f) as (keyof HubFigures)[]) {
      if (k === 'lifeYear' || k === 'starYear') sum[k] = latest(sum[k], f[k]);
      else sum[k] += f[k];
    }
  }
  return sum;
}

/** Every province with its totals and freshness (read from the read pool: a second of lag is harmless here). */
export async function listRegions(ctx: Ctx): Promise<HubRegions> {
  requireNationalViewer(ctx);
  const regions = await listHubRegions(ctx.db, ctx.now);
  const tops = await listHubOrgs(ctx.db, null, null);
  return {
    regions: regions.map((r) => ({
      region: r.region,
      name: r.name,
      rootCode: r.root_code,
      depth: r.depth,
      orgCount: r.org_count,
      publishedAt: r.published_at.toISOString(),
      ageSeconds: Math.round(r.age_seconds),
      figures: sumFigures(tops.filter((t) => t.region === r.region)),
    })),
  };
}

/** One province's top organisations, or the published children of one of them (the drill-down). */
export async function listRegionOrgs(ctx: Ctx, region: string, parent: string | null): Promise<HubOrgs> {
  requireNationalViewer(ctx);
  const regions = await listHubRegions(ctx.db, ctx.now);
  const known = regions.find((r) => r.region === region);
  if (!known) throw AppError.of('NOT_FOUND', 'err.hub.noSuchRegion', { region });
  const orgs = await listHubOrgs(ctx.db, region, parent);
  return {
    region,
    parent,
    orgs: orgs.map((o) => ({
      code: o.org_code,
      parentCode: o.parent_code,
      name: o.name,
      type: o.type,
      level: o.level,
      hasChildren: o.level < known.depth,
      figures: figuresOf(o),
    })),
  };
}
