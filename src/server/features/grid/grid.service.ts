import type { z } from 'zod';
import type {
  createGridBody,
  GridDto,
  GridList,
  GridStats,
  gridStatsQuery,
  MatterDetail,
  MatterSummary,
  matterEventBody,
  matterListQuery,
  reportMatterBody,
  updateGridBody,
} from '../../../contracts/grid.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { compareIso } from '../../../domain/dates.ts';
import {
  GRID_MATTER_EVENT_LABELS,
  type GridMatterEvent,
  type GridSide,
  gridDaysOverdue,
  gridEscalation,
  gridEventsFor,
  gridEventTakesFiles,
  gridMatterDeadline,
  gridMatterTransition,
  isResolvedOnTime,
  rankGridRows,
} from '../../../domain/grid/grid-matter.ts';
import { msg } from '../../../domain/messages.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import { isWithinPath, pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import type { FileStore } from '../../files/file-store.ts';
import {
  type CheckedUpload,
  checkUploads,
  type StoredUpload,
  type UploadedFile,
  withStoredEvidence,
} from '../assignments/ledger.service.ts';
import { audit, type Ctx } from '../context.ts';
import { pageAtOf, pageFields } from '../list-cursor.ts';
import { notify } from '../notifications/notifications.service.ts';
import { getOrg } from '../org/org.service.ts';
import {
  findGridByName,
  findMatter,
  findPersonOrgPath,
  type GridRow,
  gridCounts,
  gridScopeOf,
  insertGrid,
  insertMatterEvents,
  insertMatterEvidence,
  insertMatters,
  listGridOrgs,
  listGrids as listGridRows,
  listMatterEscalations,
  listMatterEvents,
  listMatterEvidence,
  listMattersPage,
  lockMatter,
  MATTER_KEYS,
  type MatterFilter,
  type MatterRow,
  selectGrid,
  updateGridRow,
  updateMatterRow,
} from './grid.queries.ts';

/**
 * Grid matters (网格事项, issue 13; DESIGN.md §2): the grids below a community or village with their 网格员 and what
 * they cover, and the matters raised in them, moved through 上报 → 交办 → 处置 → 反馈 → 问效 by the side each step
 * belongs to (domain/grid/grid-matter.ts), every step appended with its day; the figures and the ranking on the
 * on-time rate. A 网格员 signs in with a 党员 account of their community or village (scoped to it) and sees and
 * reports in the grids whose 网格员 they are, nothing else.
 */

export function gridRules(ctx: Pick<Ctx, 'today'>) {
  return ruleSetOn(ctx.today).grid;
}

/** A file sent with a step (multipart): the files, the store and the size limit. */
export type GridPhotoUpload = { files: FileStore; maxFileBytes: number; uploads: readonly UploadedFile[] };

export async function listGrids(ctx: Ctx, orgId: number | undefined): Promise<GridList> {
  const org = await getOrg(ctx, orgId ?? ctx.actor.orgId);
  const g = gridScopeOf(ctx.actor);
  const [rows, orgs] = await Promise.all([
    listGridRows(ctx.db, g, org.path, ctx.today),
    ctx.actor.role === 'member' ? Promise.resolve([]) : listGridOrgs(ctx.db, ctx.actor, org.path),
  ]);
  return {
    orgs: orgs.map((o) => ({ id: o.id, name: o.name, unitLevel: o.unit_level ?? '' })),
    grids: rows.map(
      (r): GridDto => ({
        id: r.id,
        orgId: r.org_id,
        orgName: r.org_name,
        parentId: r.parent_id,
        kind: r.kind,
        name: r.name,
        workerPersonId: r.worker_person_id,
        workerName: r.worker_name,
        workerPhone: r.worker_phone,
        households: r.households,
        buildings: r.buildings,
        coverage: r.coverage,
        counts: { total: r.total, open: r.open, overdue: r.overdue },
        mine: ctx.actor.personId !== null && r.worker_person_id === ctx.actor.personId,
      }),
    ),
    canManage: hasPermission(ctx.actor.role, 'task:assign'),
  };
}

async function getGridRow(ctx: Ctx, id: number): Promise<GridRow> {
  const g = await selectGrid(ctx.db, gridScopeOf(ctx.actor), id);
  if (!g) throw AppError.of('NOT_FOUND', 'err.grid.notFound', { id });
  return g;
}

/** The 网格员 as given: a person on the roll of the grid's organisation or below, and their name. */
async function resolveWorker(
  ctx: Ctx,
  orgPath: string,
  orgName: string,
  personId: number | null | undefined,
  name: string | undefined,
): Promise<{ personId: number | null; name: string } | null> {
  if (personId === undefined && name === undefined) return null;
  if (personId) {
    const p = await findPersonOrgPath(ctx.db, ctx.actor, personId);
    if (!p) throw AppError.of('MEMBER_NOT_FOUND', 'err.person.notFound', { id: personId });
    if (!isWithinPath(p.path, orgPath)) {
      throw AppError.of('VALIDATION_FAILED', 'err.grid.workerOtherOrg', { org: orgName }, { field: 'workerPersonId' });
    }
    return { personId, name: name ?? p.name };
  }
  if (!name) throw AppError.of('VALIDATION_FAILED', 'err.grid.workerNeeded', {}, { field: 'workerName' });
  return { personId: null, name };
}

export async function createGrid(ctx: Ctx, body: z.infer<typeof createGridBody>): Promise<GridDto> {
  const org = await getOrg(ctx, body.orgId);
  if (org.unit_level === null) throw AppError.of('RULE_VIOLATION', 'err.grid.orgNotGridLevel', { org: org.name });
  let parentId: number | null = null;
  if (body.parentId) {
    const parent = await getGridRow(ctx, body.parentId);
    if (parent.org_id !== org.id) {
      throw AppError.of('RULE_VIOLATION', 'err.grid.parentOtherOrg', { parent: parent.name, org: org.name });
    }
    if (parent.kind !== 'grid') throw AppError.of('RULE_VIOLATION', 'err.grid.parentMicro', { parent: parent.name });
    parentId = parent.id;
  }
  const worker = await resolveWorker(ctx, org.path, org.name, body.workerPersonId, body.workerName);
  if (!worker) throw AppError.of('VALIDATION_FAILED', 'err.grid.workerNeeded', {}, { field: 'workerName' });
  if (await findGridByName(ctx.db, org.id, parentId, body.name)) {
    throw AppError.of('DUPLICATE', 'err.grid.nameTaken', { org: org.name, name: body.name }, { field: 'name' });
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    const gridId = await insertGrid(trx, {
      org_id: org.id,
      region_id: org.region_id,
      parent_id: parentId,
      kind: parentId === null ? 'grid' : 'micro',
      name: body.name,
      worker_person_id: worker.personId,
      worker_name: worker.name,
      worker_phone: body.workerPhone || null,
      households: body.households ?? null,
      buildings: body.buildings ?? null,
      coverage: body.coverage ?? '',
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await audit(trx, ctx, 'grid.create', { entity: 'grid', entityId: gridId, orgId: org.id }, null, body);
    return gridId;
  });
  return gridDtoOf(ctx, id);
}

async function gridDtoOf(ctx: Ctx, id: number): Promise<GridDto> {
  const g = await getGridRow(ctx, id);
  const list = await listGrids(ctx, g.org_id);
  return list.grids.find((x) => x.id === id)!;
}

export async function updateGrid(ctx: Ctx, id: number, patch: z.infer<typeof updateGridBody>): Promise<GridDto> {
  const g = await getGridRow(ctx, id);
  if (
    patch.name !== undefined &&
    patch.name !== g.name &&
    (await findGridByName(ctx.db, g.org_id, g.parent_id, patch.name))
  ) {
    throw AppError.of('DUPLICATE', 'err.grid.nameTaken', { org: g.org_name, name: patch.name }, { field: 'name' });
  }
  const worker = await resolveWorker(ctx, g.org_path, g.org_name, patch.workerPersonId, patch.workerName);
  await ctx.db.transaction().execute(async (trx) => {
    await updateGridRow(trx, id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(worker ? { worker_person_id: worker.personId, worker_name: worker.name } : {}),
      ...(patch.workerPhone !== undefined ? { worker_phone: patch.workerPhone || null } : {}),
      ...(patch.households !== undefined ? { households: patch.households } : {}),
      ...(patch.buildings !== undefined ? { buildings: patch.buildings } : {}),
      ...(patch.coverage !== undefined ? { coverage: patch.coverage } : {}),
      updated_at: ctx.now,
    });
    await audit(
      trx,
      ctx,
      'grid.update',
      { entity: 'grid', entityId: id, orgId: g.org_id },
      { name: g.name, workerName: g.worker_name },
      patch,
    );
  });
  return gridDtoOf(ctx, id);
}

// --- Matters

function toSummary(ctx: Ctx, m: MatterRow): MatterSummary {
  const ladder = gridRules(ctx).ladder.value;
  const esc = gridEscalation(m.state, m.deadline, ctx.today, ladder);
  return {
    id: m.id,
    gridId: m.grid_id,
    gridName: m.grid_name,
    orgId: m.org_id,
    orgName: m.org_name,
    category: m.category,
    text: m.text,
    location: m.location,
    source: m.source,
    residentName: m.resident_name,
    residentPhone: m.resident_phone,
    reportedOn: m.reported_on,
    reporterName: m.reporter_name,
    state: m.state,
    assigneeOrgId: m.assignee_org_id,
    assigneeName: m.assignee_name,
    assigneeDept: m.assignee_dept,
    assignedOn: m.assigned_on,
    dueOn: m.due_on,
    deadline: m.deadline,
    handledOn: m.handled_on,
    fedBackOn: m.fed_back_on,
    resolvedOn: m.resolved_on,
    rating: m.rating,
    reopenCount: m.reopen_count,
    daysOverdue: gridDaysOverdue(m.state, m.deadline, ctx.today),
    escalation: esc?.step ?? null,
    onTime: m.state === 'closed' ? isResolvedOnTime(m.resolved_on, m.due_on) : null,
    photoCount: m.photo_count,
  };
}

/**
 * The sides the caller acts on. 网格员: the account whose person is the grid's 网格员 (or who reported the matter).
 * Managing side: an account that assigns work (task:assign) with the grid's organisation in its scope (the community
 * or village, the street above). Handler: an account of the organisation the matter was assigned to that reports
 * work (task:report); for a department named as text, or the managing organisation itself, the managing side.
 */
export function gridSidesOf(ctx: Ctx, m: MatterRow): Record<GridSide, boolean> {
  const manager = hasPermission(ctx.actor.role, 'task:assign') && pathInScope(m.org_path, ctx.actor);
  const reporter =
    (ctx.actor.personId !== null &&
      (m.worker_person_id === ctx.actor.personId || m.parent_worker_person_id === ctx.actor.personId)) ||
    (ctx.actor.userId !== 0 && m.reported_by === ctx.actor.userId);
  const handler =
    hasPermission(ctx.actor.role, 'task:report') &&
    ((m.assignee_org_id !== null && m.assignee_org_id === ctx.actor.orgId) || (m.assignee_dept !== null && manager));
  return { reporter, manager, handler };
}

const sidesList = (s: Record<GridSide, boolean>) => (Object.keys(s) as GridSide[]).filter((k) => s[k]);

export async function listMatters(ctx: Ctx, q: z.infer<typeof matterListQuery>) {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const f: MatterFilter = {
    orgPath: org.path,
    gridId: q.gridId,
    state: q.state,
    category: q.category,
    overdueOn: q.overdue === 'true' ? ctx.today : undefined,
    assigneeOrgId: q.mine === 'true' ? ctx.actor.orgId : undefined,
    from: q.from,
    to: q.to,
  };
  const { rows, total, next } = await listMattersPage(
    ctx.db,
    gridScopeOf(ctx.actor),
    f,
    pageAtOf(ctx.auditKey, 'grid-matters', q, MATTER_KEYS.length),
  );
  return {
    items: rows.map((r) => toSummary(ctx, r)),
    ...pageFields(ctx.auditKey, 'grid-matters', q, total, next),
  };
}

async function getMatterRow(ctx: Ctx, id: number): Promise<MatterRow> {
  const m = await findMatter(ctx.db, gridScopeOf(ctx.actor), id);
  if (!m) throw AppError.of('NOT_FOUND', 'err.grid.matterNotFound', { id });
  return m;
}

export async function getMatterDetail(ctx: Ctx, id: number): Promise<MatterDetail> {
  const m = await getMatterRow(ctx, id);
  const [events, files, escalations] = await Promise.all([
    listMatterEvents(ctx.db, id),
    listMatterEvidence(ctx.db, id),
    listMatterEscalations(ctx.db, id),
  ]);
  const sides = gridSidesOf(ctx, m);
  return {
    ...toSummary(ctx, m),
    events: events.map((e) => ({
      id: Number(e.id),
      at: new Date(e.at).toISOString(),
      onDay: e.on_day,
      actorName: e.actor_name,
      side: e.side,
      event: e.event,
      fromState: e.from_state,
      toState: e.to_state,
      note: e.note,
      reason: e.reason,
      rating: e.rating,
      assigneeName: e.assignee_name ?? e.assignee_dept,
      deadline: e.deadline,
      files: files
        .filter((f) => f.grid_matter_event_id === e.id)
        .map((f) => ({ id: f.id, filename: f.filename, mime: f.mime, sizeBytes: Number(f.size_bytes) })),
    })),
    escalations: escalations.map((x) => ({
      step: x.step,
      onDay: x.on_day,
      deadline: x.deadline,
      daysOverdue: x.days_overdue,
      toOrgName: x.to_org_name,
    })),
    sides,
    allowedEvents: gridEventsFor(m.state, sidesList(sides)),
  };
}

/** One photo of a matter the caller can see (404 otherwise, like the matter). */
export async function getMatterFile(
  ctx: Ctx,
  files: FileStore,
  id: number,
  fileId: number,
): Promise<{ filename: string; mime: string; data: Buffer }> {
  const m = await getMatterRow(ctx, id);
  const f = (await listMatterEvidence(ctx.db, m.id)).find((x) => x.id === fileId);
  if (!f) throw AppError.of('NOT_FOUND', 'err.evidence.notFound', { id: fileId });
  return { filename: f.filename, mime: f.mime, data: await files.get(f.storage_key) };
}

function evidenceRows(store: FileStore, eventId: string, stored: readonly StoredUpload[], now: Date) {
  return stored.map((f) => ({
    grid_matter_event_id: eventId,
    storage: store.kind,
    storage_key: f.key,
    filename: f.filename,
    mime: f.mime,
    size_bytes: f.data.length,
    sha256: f.sha256,
    created_at: now,
  }));
}

/**
 * 上报: a matter raised in a grid, by its 网格员 (a resident's report typed in, or what they found) or by an account of
 * the grid's organisation that reports work; with photos if sent (never required). The category must be one of the
 * rule set's; the day reported cannot be after today.
 */
export async function reportMatter(
  ctx: Ctx,
  body: z.infer<typeof reportMatterBody>,
  photos?: GridPhotoUpload,
): Promise<MatterDetail> {
  const grid = await getGridRow(ctx, body.gridId);
  const isWorker =
    ctx.actor.personId !== null &&
    (grid.worker_person_id === ctx.actor.personId || grid.parent_worker_person_id === ctx.actor.personId);
  if (!isWorker && !(hasPermission(ctx.actor.role, 'task:report') && pathInScope(grid.org_path, ctx.actor))) {
    throw AppError.of('FORBIDDEN', 'err.grid.reportOnly');
  }
  const categories = gridRules(ctx).categories.value;
  if (!categories.some((c) => c.code === body.category)) {
    throw AppError.of(
      'VALIDATION_FAILED',
      'err.grid.category',
      { category: body.category, choices: categories.map((c) => c.zh) },
      { field: 'category' },
    );
  }
  const reportedOn = body.reportedOn ?? ctx.today;
  if (compareIso(reportedOn, ctx.today) > 0) {
    throw AppError.of('VALIDATION_FAILED', 'err.grid.reportedOnFuture', { date: reportedOn }, { field: 'reportedOn' });
  }
  const uploads = photos?.uploads ?? [];
  const write = (stored: readonly StoredUpload[]) =>
    ctx.db.transaction().execute(async (trx) => {
      const source = body.source ?? (body.residentName || body.residentPhone ? 'resident' : 'worker');
      const [id] = await insertMatters(trx, [
        {
          grid_id: grid.id,
          org_id: grid.org_id,
          region_id: grid.region_id,
          category: body.category,
          text: body.text,
          location: body.location ?? '',
          source,
          resident_name: body.residentName || null,
          resident_phone: body.residentPhone || null,
          reported_on: reportedOn,
          reporter_name: isWorker ? grid.worker_name : ctx.actor.displayName.slice(0, 50),
          reported_by: ctx.actor.userId || null,
          created_at: ctx.now,
          updated_at: ctx.now,
        },
      ]);
      const [eventId] = await insertMatterEvents(trx, [
        {
          matter_id: id!,
          at: ctx.now,
          on_day: reportedOn,
          actor_id: ctx.actor.userId || null,
          actor_name: ctx.actor.displayName,
          side: isWorker ? 'reporter' : 'manager',
          event: 'report',
          from_state: null,
          to_state: 'reported',
          note: body.text,
        },
      ]);
      if (photos && stored.length)
        await insertMatterEvidence(trx, evidenceRows(photos.files, eventId!, stored, ctx.now));
      await audit(trx, ctx, 'grid.matter.report', { entity: 'grid_matter', entityId: id!, orgId: grid.org_id }, null, {
        ...body,
        ...(stored.length ? { files: stored.map((f) => ({ filename: f.filename, sha256: f.sha256 })) } : {}),
      });
      return id!;
    });
  let id: number;
  if (uploads.length && photos) {
    const checked: CheckedUpload[] = checkUploads(uploads, photos.maxFileBytes);
    id = await withStoredEvidence(ctx, photos.files, checked, write);
  } else id = await write([]);
  return getMatterDetail(ctx, id);
}

/** 交办's target: an organisation in the caller's scope at, below or above the grid's, or a department's name. */
async function assignTarget(
  ctx: Ctx,
  m: MatterRow,
  body: z.infer<typeof matterEventBody>,
): Promise<{ orgId: number | null; dept: string | null }> {
  if (body.assigneeOrgId && body.assigneeDept) {
    throw AppError.of('VALIDATION_FAILED', 'err.grid.assigneeBoth', {}, { field: 'assigneeDept' });
  }
  if (body.assigneeOrgId) {
    const org = await getOrg(ctx, body.assigneeOrgId);
    if (!isWithinPath(org.path, m.org_path) && !isWithinPath(m.org_path, org.path)) {
      throw AppError.of(
        'RULE_VIOLATION',
        'err.grid.assigneeNotBelow',
        { org: org.name, grid: m.grid_name, owner: m.org_name },
        { field: 'assigneeOrgId' },
      );
    }
    return { orgId: org.id, dept: null };
  }
  return { orgId: null, dept: body.assigneeDept ?? null };
}

/**
 * One step of a matter (交办, 退回, 处置, 反馈, 问效), by a side the caller holds; refused steps change nothing (nor
 * the file store). 交办 sets the deadline by the category (working days from the day after); a poor rating at 问效
 * sends the matter back to its handler with a new deadline counted from the rating day, while the on-time rate keeps
 * counting against the first. 处置 may carry photos.
 */
export async function fireMatterEvent(
  ctx: Ctx,
  id: number,
  body: z.infer<typeof matterEventBody>,
  photos?: GridPhotoUpload,
): Promise<MatterDetail> {
  const m = await getMatterRow(ctx, id);
  const sides = sidesList(gridSidesOf(ctx, m));
  const ratings = gridRules(ctx).ratings.value;
  const target = body.event === 'assign' ? await assignTarget(ctx, m, body) : null;
  const input = {
    reason: body.reason,
    note: body.note,
    rating: body.rating,
    hasTarget: target !== null && (target.orgId !== null || target.dept !== null),
  };
  const pre = gridMatterTransition(m.state, body.event, sides, input, ratings);
  if (!pre.ok) {
    if (pre.code === 'WRONG_SIDE') throw new AppError('FORBIDDEN', pre.msg, { code: pre.code, rule: pre.rule });
    throw new AppError('RULE_VIOLATION', pre.msg, { code: pre.code, rule: pre.rule });
  }
  const uploads = photos?.uploads ?? [];
  if (uploads.length && photos) {
    if (!gridEventTakesFiles(body.event)) {
      throw AppError.of(
        'VALIDATION_FAILED',
        'err.grid.filesNotAllowed',
        { event: GRID_MATTER_EVENT_LABELS[body.event] },
        { field: 'files' },
      );
    }
    const checked = checkUploads(uploads, photos.maxFileBytes);
    return withStoredEvidence(ctx, photos.files, checked, (stored) =>
      writeMatterEvent(ctx, id, sides, body, target, photos.files, stored),
    );
  }
  return writeMatterEvent(ctx, id, sides, body, target, null, []);
}

/** The side a step is recorded under: the first of the caller's sides that may take it. */
function sideFor(event: GridMatterEvent, sides: readonly GridSide[]): GridSide {
  const order: Record<GridMatterEvent, GridSide[]> = {
    assign: ['manager'],
    return: ['handler'],
    handle: ['handler'],
    feedback: ['handler', 'manager'],
    rate: ['reporter', 'manager'],
  };
  return order[event].find((s) => sides.includes(s)) ?? sides[0]!;
}

async function writeMatterEvent(
  ctx: Ctx,
  id: number,
  sides: readonly GridSide[],
  body: z.infer<typeof matterEventBody>,
  target: { orgId: number | null; dept: string | null } | null,
  store: FileStore | null,
  stored: readonly StoredUpload[],
): Promise<MatterDetail> {
  const rules = gridRules(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    await lockMatter(trx, id);
    const fresh = (await findMatter(trx, null, id))!;
    const result = gridMatterTransition(
      fresh.state,
      body.event,
      sides,
      { reason: body.reason, note: body.note, rating: body.rating, hasTarget: true },
      rules.ratings.value,
    );
    if (!result.ok) throw new AppError('RULE_VIOLATION', result.msg, { code: result.code, rule: result.rule });
    const deadline =
      body.event === 'assign' || result.reopens
        ? gridMatterDeadline(ctx.today, fresh.category, rules.categories.value)
        : null;
    const [eventId] = await insertMatterEvents(trx, [
      {
        matter_id: id,
        at: ctx.now,
        on_day: ctx.today,
        actor_id: ctx.actor.userId || null,
        actor_name: ctx.actor.displayName,
        side: sideFor(body.event, sides),
        event: body.event,
        from_state: fresh.state,
        to_state: result.to,
        note: body.note?.trim() || null,
        reason: body.reason?.trim() || null,
        rating: body.event === 'rate' ? (body.rating ?? null) : null,
        assignee_org_id: target?.orgId ?? null,
        assignee_dept: target?.dept ?? null,
        deadline,
      },
    ]);
    if (store && stored.length) await insertMatterEvidence(trx, evidenceRows(store, eventId!, stored, ctx.now));
    const set: Parameters<typeof updateMatterRow>[2] = { state: result.to, updated_at: ctx.now };
    if (body.event === 'assign') {
      Object.assign(set, {
        assignee_org_id: target?.orgId ?? null,
        assignee_dept: target?.dept ?? null,
        assigned_on: ctx.today,
        deadline,
        escalation: null,
        // The first 交办 sets the deadline the on-time rate counts against; a matter sent back and assigned again
        // keeps it.
        ...(fresh.due_on === null ? { due_on: deadline } : {}),
      });
    } else if (body.event === 'return') {
      Object.assign(set, { assignee_org_id: null, assignee_dept: null, deadline: null, escalation: null });
    } else if (body.event === 'handle') {
      Object.assign(set, { handled_on: ctx.today, escalation: null });
    } else if (body.event === 'feedback') {
      Object.assign(set, { fed_back_on: ctx.today });
    } else if (body.event === 'rate') {
      Object.assign(
        set,
        result.reopens
          ? {
              rating: body.rating,
              reopen_count: fresh.reopen_count + 1,
              deadline,
              handled_on: null,
              fed_back_on: null,
              escalation: null,
            }
          : { rating: body.rating, resolved_on: fresh.handled_on },
      );
    }
    await updateMatterRow(trx, id, set);
    // The organisation the matter is handed to is told (交办, and again when a poor rating reopens it).
    const handler = body.event === 'assign' ? (target?.orgId ?? null) : result.reopens ? fresh.assignee_org_id : null;
    if (handler !== null && deadline) {
      const what = fresh.text.length > 30 ? `${fresh.text.slice(0, 30)}…` : fresh.text;
      await notify(trx, [
        {
          orgId: handler,
          kind: 'grid',
          title: msg(result.reopens ? 'notice.grid.reopened' : 'notice.grid.assigned', { text: what }),
          body: msg('notice.grid.assignedBody', { category: fresh.category, deadline }),
          gridMatterId: id,
          dedupeKey: `grid:${body.event}:${id}:${eventId}`,
        },
      ]);
    }
    await audit(
      trx,
      ctx,
      `grid.matter.${body.event}`,
      { entity: 'grid_matter', entityId: id, orgId: fresh.org_id },
      { state: fresh.state },
      {
        state: result.to,
        ...body,
        ...(deadline ? { deadline } : {}),
        ...(stored.length ? { files: stored.map((f) => ({ filename: f.filename, sha256: f.sha256 })) } : {}),
      },
    );
  });
  return getMatterDetail(ctx, id);
}

// --- Figures and the ranking

/**
 * Counts and on-time rates by grid (a 网格 with its 微网格), community (village) or street (the organisation above
 * them), over the matters reported from `from` to `to`, as of today; ranked on resolved on time over due.
 */
export async function getGridStats(ctx: Ctx, q: z.infer<typeof gridStatsQuery>): Promise<GridStats> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const from = q.from ?? `${ctx.today.slice(0, 4)}-01-01`;
  const to = q.to ?? ctx.today;
  const rows = await gridCounts(ctx.db, gridScopeOf(ctx.actor), { orgPath: org.path, from, to, asOf: ctx.today });
  type Acc = {
    key: number;
    name: string;
    parentName: string | null;
    reported: number;
    due: number;
    onTime: number;
    closed: number;
    overdue: number;
    reopened: number;
  };
  const groups = new Map<number, Acc>();
  const names = new Map(rows.map((r) => [r.id, r.name]));
  for (const r of rows) {
    const [key, name, parentName] =
      q.by === 'grid'
        ? [r.parent_id ?? r.id, names.get(r.parent_id ?? r.id) ?? r.name, r.org_name]
        : q.by === 'community'
          ? [r.org_id, r.org_name, r.street_name]
          : [r.street_id ?? r.org_id, r.street_name ?? r.org_name, r.district_name];
    const acc = groups.get(key) ?? {
      key,
      name,
      parentName,
      reported: 0,
      due: 0,
      onTime: 0,
      closed: 0,
      overdue: 0,
      reopened: 0,
    };
    acc.reported += r.reported;
    acc.due += r.due;
    acc.onTime += r.on_time;
    acc.closed += r.closed;
    acc.overdue += r.overdue;
    acc.reopened += r.reopened;
    groups.set(key, acc);
  }
  return { by: q.by, from, to, asOf: ctx.today, rows: rankGridRows([...groups.values()]) };
}
