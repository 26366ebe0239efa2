import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Paged } from '../../../contracts/common.ts';
import type {
  correctIncomeBody,
  createIncomeBody,
  EconomySummary,
  IncomeEntryDto,
  VillageIncomeDetail,
  VillageRow,
  villageIncomeQuery,
  villageListQuery,
} from '../../../contracts/economy.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import {
  checkIncomeEntry,
  effectiveIncomeEntries,
  type IncomeEntry,
  operatingOf,
  originalOf,
  sameAmounts,
  totalOf,
  type YearFigures,
  yearFigures,
} from '../../../domain/economy/income.ts';
import {
  type EconomyRules,
  hasStableIncome,
  reachesAmount,
  twoEighty,
  villageMark,
} from '../../../domain/economy/two-eighty.ts';
import { INCOME_PERIOD_LABELS, INCOME_SOURCES, type IncomeAmounts } from '../../../domain/economy/vocab.ts';
import { pathInScope } from '../../auth/scope.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { FileStore } from '../../files/file-store.ts';
import {
  checkUploads,
  type StoredUpload,
  type UploadedFile,
  withStoredEvidence,
} from '../assignments/ledger.service.ts';
import { audit, type Clock, type Ctx } from '../context.ts';
import { pageAtOf, pageFields } from '../list-cursor.ts';
import { getOrg } from '../org/org.service.ts';
import { refreshMeasured } from '../rollups/rollups.service.ts';
import { rulesForOrgPath } from '../rules/rules.service.ts';
import {
  countVillagesOfSubtree,
  type EntryListRow,
  findEntry,
  insertEntries,
  insertEntryEvidence,
  listEntries,
  listEntryEvidence,
  listOrgsByPath,
  listVillagesOfSubtree,
  lockVillage,
  type MarkRules,
  upsertYear,
  VILLAGE_KEYS,
  type VillageListRow,
} from './economy.queries.ts';

/**
 * 村级集体经济 (collective economy, issue 13; DESIGN.md §2): a village reports its collective income by year (or
 * quarter) and kind, on a phone or through a town's import; entries are append-only (a correction names the entry it
 * corrects); each write keeps the village's figures of the year (village_income_year) and the targets counted from
 * incomes (figure sources villageIncome and villagesReaching) in its transaction. A subtree's "两个80%" and its
 * 空壳村 / 薄弱村 are computed live by the rules of the subtree's locality (domain/economy/two-eighty.ts).
 */

const num = (s: string | number | null | undefined): number => (s === null || s === undefined ? 0 : Number(s));

/** The economy rules of an organisation's line on a day (the platform's set with its locality's rules). */
export async function economyRulesOf(
  ctx: Pick<Ctx, 'db' | 'today'>,
  orgPath: string,
): Promise<{ rules: EconomyRules; local: boolean }> {
  const rules = (await rulesForOrgPath(ctx.db, orgPath))(ctx.today).economy;
  const local = Object.values(rules).some((r) => 'local' in r && r.local !== undefined);
  return { rules, local };
}

const markRulesOf = (r: EconomyRules): MarkRules => ({
  floor: r.stableIncomeFloor.value,
  amount: r.reachingAmount.value,
  weakBelow: r.weakBelow.value,
});

/** A stored entry as the domain reads it. */
export function entryOf(r: EntryListRow): IncomeEntry {
  return {
    id: r.id,
    quarter: r.quarter,
    amounts: {
      business: num(r.business),
      contracting: num(r.contracting),
      investment: num(r.investment),
      subsidy: num(r.subsidy),
      other: num(r.other),
    },
    correctsId: r.corrects_id,
    at: r.created_at.toISOString(),
  };
}

function figuresDto(f: YearFigures | null) {
  return f && { amounts: f.amounts, operating: f.operating, total: f.total, annual: f.annual, quarters: f.quarters };
}

/**
 * The village's figures of the year from its entries, written to the kept row, then every target counted from
 * incomes refreshed above it: one step of every write, in the write's transaction.
 */
export async function keepVillageYear(
  trx: Transaction<DB>,
  village: { id: number; region_id: number },
  year: number,
  clock: Clock,
): Promise<void> {
  const entries = (await listEntries(trx, village.id, year)).map(entryOf);
  const f = yearFigures(entries);
  if (f) {
    await upsertYear(trx, {
      org_id: village.id,
      year,
      region_id: village.region_id,
      ...f.amounts,
      operating: f.operating,
      total: f.total,
      annual: f.annual,
      quarters: f.quarters.join(','),
      entries: entries.length,
      updated_at: clock.now,
    });
  }
  for (const kind of ['villageIncome', 'villagesReaching'] as const) {
    await refreshMeasured(trx, kind, { year, orgIds: [village.id] }, clock);
  }
}

async function getVillage(ctx: Ctx, orgId: number) {
  const org = await getOrg(ctx, orgId);
  if (org.unit_level !== 'village' || org.status !== 'active') {
    throw AppError.of('RULE_VIOLATION', 'err.economy.notVillage', { org: org.name }, { field: 'orgId' });
  }
  return org;
}

function checked(year: number, quarter: number | null, amounts: IncomeAmounts, today: string): void {
  const c = checkIncomeEntry({ year, quarter, amounts }, today);
  if (!c.ok) {
    const field = INCOME_SOURCES.includes(c.field as never) ? `amounts.${c.field}` : c.field;
    throw new AppError('VALIDATION_FAILED', c.msg, { field });
  }
}

const canReport = (ctx: Ctx, path: string) =>
  hasPermission(ctx.actor.role, 'task:report') && pathInScope(path, ctx.actor);

/** A village's entries of the year (with their files), its figures and its mark by its locality's rules. */
export async function getVillageIncome(ctx: Ctx, q: z.infer<typeof villageIncomeQuery>): Promise<VillageIncomeDetail> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const year = q.year ?? Number(ctx.today.slice(0, 4));
  const rows = await listEntries(ctx.db, org.id, year);
  const entries = rows.map(entryOf);
  const inForce = new Set([...effectiveIncomeEntries(entries).values()].map((e) => e.id));
  const files = await listEntryEvidence(
    ctx.db,
    rows.map((r) => r.id),
  );
  const figures = yearFigures(entries);
  const { rules } = await economyRulesOf(ctx, org.path);
  const isVillage = org.unit_level === 'village';
  return {
    orgId: org.id,
    orgName: org.name,
    isVillage,
    year,
    figures: figuresDto(figures),
    mark: villageMark(figures?.operating ?? null, rules),
    entries: rows.map(
      (r, i): IncomeEntryDto => ({
        id: r.id,
        orgId: r.org_id,
        year: r.year,
        quarter: r.quarter,
        amounts: entries[i]!.amounts,
        operating: operatingOf(entries[i]!.amounts),
        total: totalOf(entries[i]!.amounts),
        note: r.note,
        correctsId: r.corrects_id,
        via: r.via,
        actorName: r.actor_name,
        createdAt: r.created_at.toISOString(),
        inForce: inForce.has(r.id),
        files: files
          .filter((f) => f.village_income_id === r.id)
          .map((f) => ({ id: f.id, filename: f.filename, mime: f.mime, sizeBytes: Number(f.size_bytes) })),
      }),
    ),
    canReport: isVillage && org.status === 'active' && canReport(ctx, org.path),
  };
}

/**
 * A village reports its income of a year or a quarter: one original per village, year and period (a second is refused
 * naming the first: a change is a correction of it); checked (domain/economy/income.ts) before anything is written.
 */
export async function createIncome(ctx: Ctx, body: z.infer<typeof createIncomeBody>): Promise<VillageIncomeDetail> {
  const village = await getVillage(ctx, body.orgId);
  checked(body.year, body.quarter, body.amounts, ctx.today);
  await ctx.db.transaction().execute(async (trx) => {
    await lockVillage(trx, village.id);
    const taken = (await listEntries(trx, village.id, body.year)).find(
      (e) => e.corrects_id === null && e.quarter === body.quarter,
    );
    if (taken) {
      throw AppError.of(
        'DUPLICATE',
        'err.economy.slotTaken',
        {
          org: village.name,
          year: body.year,
          period: INCOME_PERIOD_LABELS[body.quarter === null ? 'year' : (`q${body.quarter}` as 'q1')],
          id: taken.id,
        },
        { field: 'quarter', entryId: taken.id },
      );
    }
    const [id] = await insertEntries(trx, [
      {
        org_id: village.id,
        region_id: village.region_id,
        year: body.year,
        quarter: body.quarter,
        ...body.amounts,
        note: body.note,
        corrects_id: null,
        via: 'form',
        actor_id: ctx.actor.userId || null,
        actor_name: ctx.actor.displayName,
        created_at: ctx.now,
      },
    ]);
    await keepVillageYear(trx, village, body.year, ctx);
    await audit(
      trx,
      ctx,
      'economy.income.create',
      { entity: 'village_income', entityId: id!, orgId: village.id },
      null,
      body,
    );
  });
  return getVillageIncome(ctx, { orgId: village.id, year: body.year });
}

/**
 * A correction: a new entry of the same village, year and period naming the entry it corrects, with the amounts as
 * they should be and the reason. Amounts equal to those in force are refused (there is nothing to correct).
 */
export async function correctIncome(
  ctx: Ctx,
  id: number,
  body: z.infer<typeof correctIncomeBody>,
): Promise<VillageIncomeDetail> {
  const entry = await findEntry(ctx.db, ctx.actor, id);
  if (!entry) throw AppError.of('NOT_FOUND', 'err.economy.entryNotFound', { id });
  const village = await getVillage(ctx, entry.org_id);
  checked(entry.year, entry.quarter, body.amounts, ctx.today);
  await ctx.db.transaction().execute(async (trx) => {
    await lockVillage(trx, village.id);
    const entries = (await listEntries(trx, village.id, entry.year)).map(entryOf);
    const root = originalOf(entries, id);
    const current = root === null ? undefined : effectiveIncomeEntries(entries).get(root);
    if (current && sameAmounts(current.amounts, body.amounts)) {
      throw AppError.of('RULE_VIOLATION', 'err.economy.sameAsInForce', {}, { field: 'amounts' });
    }
    const [newId] = await insertEntries(trx, [
      {
        org_id: village.id,
        region_id: village.region_id,
        year: entry.year,
        quarter: entry.quarter,
        ...body.amounts,
        note: body.note,
        corrects_id: id,
        via: 'form',
        actor_id: ctx.actor.userId || null,
        actor_name: ctx.actor.displayName,
        created_at: ctx.now,
      },
    ]);
    await keepVillageYear(trx, village, entry.year, ctx);
    await audit(
      trx,
      ctx,
      'economy.income.correct',
      { entity: 'village_income', entityId: newId!, orgId: village.id },
      current ? { id: current.id, amounts: current.amounts } : null,
      { correctsId: id, ...body },
    );
  });
  return getVillageIncome(ctx, { orgId: village.id, year: entry.year });
}

/** Evidence files added to an entry (append-only: an entry's files are only ever added). */
export async function addIncomeFiles(
  ctx: Ctx,
  id: number,
  upload: { files: FileStore; maxFileBytes: number; uploads: readonly UploadedFile[] },
): Promise<VillageIncomeDetail> {
  const entry = await findEntry(ctx.db, ctx.actor, id);
  if (!entry) throw AppError.of('NOT_FOUND', 'err.economy.entryNotFound', { id });
  if (upload.uploads.length === 0)
    throw AppError.of('VALIDATION_FAILED', 'err.roster.pickFile', {}, { field: 'files' });
  const list = checkUploads(upload.uploads, upload.maxFileBytes);
  await withStoredEvidence(ctx, upload.files, list, (stored: readonly StoredUpload[]) =>
    ctx.db.transaction().execute(async (trx) => {
      await insertEntryEvidence(
        trx,
        stored.map((f) => ({
          village_income_id: id,
          storage: upload.files.kind,
          storage_key: f.key,
          filename: f.filename,
          mime: f.mime,
          size_bytes: f.data.length,
          sha256: f.sha256,
          created_at: ctx.now,
        })),
      );
      await audit(
        trx,
        ctx,
        'economy.income.files',
        { entity: 'village_income', entityId: id, orgId: entry.org_id },
        null,
        { files: stored.map((f) => ({ filename: f.filename, sha256: f.sha256 })) },
      );
    }),
  );
  return getVillageIncome(ctx, { orgId: entry.org_id, year: entry.year });
}

/** One evidence file of an entry the caller can see (404 otherwise, like the entry). */
export async function getIncomeFile(
  ctx: Ctx,
  files: FileStore,
  id: number,
  fileId: number,
): Promise<{ filename: string; mime: string; data: Buffer }> {
  const entry = await findEntry(ctx.db, ctx.actor, id);
  if (!entry) throw AppError.of('NOT_FOUND', 'err.economy.entryNotFound', { id });
  const f = (await listEntryEvidence(ctx.db, [id])).find((x) => x.id === fileId);
  if (!f) throw AppError.of('NOT_FOUND', 'err.evidence.notFound', { id: fileId });
  return { filename: f.filename, mime: f.mime, data: await files.get(f.storage_key) };
}

/**
 * The subtree's "两个80%" and its counts, live, with the same counts for each child's subtree (the chart): one
 * statement over the subtree's villages (countVillagesOfSubtree) by the rules of the subtree's locality.
 */
export async function getEconomySummary(ctx: Ctx, q: z.infer<typeof villageIncomeQuery>): Promise<EconomySummary> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const year = q.year ?? Number(ctx.today.slice(0, 4));
  const { rules, local } = await economyRulesOf(ctx, org.path);
  const groups = await countVillagesOfSubtree(ctx.db, { path: org.path, depth: org.depth }, year, markRulesOf(rules));
  const names = new Map(
    (
      await listOrgsByPath(
        ctx.db,
        groups.map((g) => g.child_path),
      )
    ).map((o) => [o.path, o]),
  );
  const countsOf = (g: Omit<(typeof groups)[number], 'child_path'>) => ({
    villages: g.villages,
    reported: g.reported,
    stable: g.stable,
    reaching: g.reaching,
    hollow: g.hollow,
    weak: g.weak,
    missing: g.missing,
    operating: num(g.operating),
    total: num(g.total),
  });
  const all = {
    villages: 0,
    reported: 0,
    stable: 0,
    reaching: 0,
    hollow: 0,
    weak: 0,
    missing: 0,
    operating: 0,
    total: 0,
  };
  let operatingFen = 0;
  let totalFen = 0;
  for (const g of groups) {
    for (const k of ['villages', 'reported', 'stable', 'reaching', 'hollow', 'weak', 'missing'] as const) {
      all[k] += g[k];
    }
    operatingFen += Math.round(num(g.operating) * 100);
    totalFen += Math.round(num(g.total) * 100);
  }
  all.operating = operatingFen / 100;
  all.total = totalFen / 100;
  const result = twoEighty(all, rules);
  const byChild = groups
    .map((g) => {
      const o = names.get(g.child_path);
      return { orgId: o?.id ?? 0, name: o?.name ?? '', sort: o?.sort_order ?? 0, path: g.child_path, ...countsOf(g) };
    })
    .sort((a, b) => a.sort - b.sort || a.orgId - b.orgId)
    .map(({ sort: _s, path: _p, ...rest }) => rest);
  return {
    orgId: org.id,
    orgName: org.name,
    year,
    ...all,
    twoEighty: { ...result, rules: { ...result.rules, local } },
    byChild,
  };
}

/** A village row of the subtree table from its kept figures, marked by the locality's rules. */
export function villageRowOf(r: VillageListRow, rules: EconomyRules): VillageRow {
  const figures =
    r.year === null
      ? null
      : {
          amounts: {
            business: num(r.business),
            contracting: num(r.contracting),
            investment: num(r.investment),
            subsidy: num(r.subsidy),
            other: num(r.other),
          },
          operating: num(r.operating),
          total: num(r.total),
          annual: r.annual ?? false,
          quarters: r.quarters ? r.quarters.split(',').map(Number) : [],
        };
  const operating = figures?.operating ?? null;
  return {
    orgId: r.id,
    name: r.name,
    code: r.code,
    parentName: r.parent_name,
    figures,
    mark: villageMark(operating, rules),
    stable: hasStableIncome(operating, rules),
    reaching: reachesAmount(operating, rules),
  };
}

/** The villages of a subtree with their figures of the year, a page at a time, optionally of one mark. */
export async function listVillages(ctx: Ctx, q: z.infer<typeof villageListQuery>): Promise<Paged<VillageRow>> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const year = q.year ?? Number(ctx.today.slice(0, 4));
  const { rules } = await economyRulesOf(ctx, org.path);
  // The cursor is bound to the subtree, year and mark it was given for: carried to another, it is refused.
  const list = `economy.villages:${org.id}:${year}:${q.mark ?? ''}`;
  const { rows, total, next } = await listVillagesOfSubtree(
    ctx.db,
    org.path,
    year,
    { mark: q.mark, rules: markRulesOf(rules) },
    pageAtOf(ctx.auditKey, list, q, VILLAGE_KEYS.length),
  );
  return { items: rows.map((r) => villageRowOf(r, rules)), ...pageFields(ctx.auditKey, list, q, total, next) };
}

/** Every village of a subtree with its figures (the export), marked by the locality's rules. */
export async function listAllVillages(ctx: Ctx, orgId: number | undefined, year: number, mark?: string) {
  const org = await getOrg(ctx, orgId ?? ctx.actor.orgId);
  const { rules } = await economyRulesOf(ctx, org.path);
  const { rows } = await listVillagesOfSubtree(ctx.db, org.path, year, { mark, rules: markRulesOf(rules) }, null);
  return { org, rules, rows: rows.map((r) => villageRowOf(r, rules)) };
}
