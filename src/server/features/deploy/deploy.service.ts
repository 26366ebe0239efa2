import mammoth from 'mammoth';
import type { z } from 'zod';
import {
  type createDeploymentBody,
  type DeleteDeploymentResult,
  type DeploymentDetail,
  type DeploymentSummary,
  type deploymentListQuery,
  type importDeploymentQuery,
  type OutlineItem,
  updateDeploymentBody,
} from '../../../contracts/deploy.ts';
import { isIsoDate } from '../../../domain/dates.ts';
import { decodeText } from '../../../domain/deploy/decode.ts';
import { textOfDocxHtml } from '../../../domain/deploy/docx-html.ts';
import { type OutlineNode, parseOutline } from '../../../domain/deploy/outline-parser.ts';
import { defaultTaskSettings } from '../../../domain/deploy/task-settings.ts';
import {
  charsText,
  DOCX_ZIP_LIMITS,
  formatBytes,
  MAX_DEPLOYMENT_FILE_BYTES,
  MAX_DEPLOYMENT_TEXT_CHARS,
  MAX_OUTLINE_ITEMS,
} from '../../../domain/files/limits.ts';
import { type MessageKey, type MessageText, msg } from '../../../domain/messages.ts';
import { checkTaskTarget, type TargetProblem } from '../../../domain/tasks/target.ts';
import { AppError } from '../../errors.ts';
import { assertZipWithinLimits } from '../../files/zip-guard.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import {
  type DeploymentRow,
  deleteDraftDeploymentRow,
  findDeployment,
  insertDeployment,
  insertProblem,
  insertTask,
  listDeploymentsUnder,
  updateDeploymentRow,
} from './deploy.queries.ts';

/** The parser's tree as the flat, editable list the import screen works on (keys: "1", "1.2", "1.2.1"). */
export function flattenOutline(nodes: readonly OutlineNode[], base: string): OutlineItem[] {
  const out: OutlineItem[] = [];
  const walk = (list: readonly OutlineNode[], parentKey: string | null) => {
    list.forEach((n, i) => {
      const key = parentKey ? `${parentKey}.${i + 1}` : String(i + 1);
      const item: OutlineItem = {
        key,
        parentKey,
        numbering: n.numbering,
        heading: n.heading,
        text: n.text,
        kind: n.kind,
        spanStart: n.span[0],
        spanEnd: n.span[1],
        targets: n.targets.map((t) => ({ value: t.value, unit: t.unit, text: t.text })),
        deadlines: n.deadlines.map((d) => ({ text: d.text })),
        bodies: [...n.bodies],
        task: null,
      };
      if (n.kind === 'task') item.task = defaultTaskSettings(item, base);
      out.push(item);
      walk(n.children, key);
    });
  };
  walk(nodes, null);
  return out;
}

/**
 * What saving an outline says of a task item's target (checkTaskTarget). A share above 100% is not refused on
 * save: it never was (the import screen refuses it before saving), and the refactor of issue 6 keeps behaviour.
 */
const OUTLINE_TARGET_MESSAGES: Record<TargetProblem, MessageKey | null> = {
  targetNotAllowed: 'err.deploy.target.targetNotAllowed',
  targetMissing: 'err.deploy.target.targetMissing',
  thresholdMissing: 'err.deploy.target.thresholdMissing',
  shareOver100: null,
};

/** Checks an edited outline: unique keys, existing parents, no cycles, task settings that make sense. */
export function assertValidOutline(items: readonly OutlineItem[]): void {
  const keys = new Set<string>();
  for (const it of items) {
    if (keys.has(it.key))
      throw AppError.of('VALIDATION_FAILED', 'err.deploy.duplicateKey', { key: it.key }, { key: it.key });
    keys.add(it.key);
  }
  const parent = new Map(items.map((i) => [i.key, i.parentKey]));
  for (const it of items) {
    if (it.parentKey !== null && !keys.has(it.parentKey)) {
      throw AppError.of('VALIDATION_FAILED', 'err.deploy.noParent', { item: it.heading || it.key }, { key: it.key });
    }
    let p = it.parentKey;
    for (let steps = 0; p !== null; steps++) {
      if (p === it.key || steps > items.length)
        throw AppError.of('VALIDATION_FAILED', 'err.deploy.cycle', { item: it.heading || it.key }, { key: it.key });
      p = parent.get(p) ?? null;
    }
    if ((it.kind === 'task' || it.kind === 'problem') && !(it.heading.trim() || it.text.trim())) {
      throw AppError.of('VALIDATION_FAILED', 'err.deploy.emptyItem', { key: it.key }, { key: it.key });
    }
    const problem = it.kind === 'task' && it.task ? checkTaskTarget(it.task) : null;
    const message = problem ? OUTLINE_TARGET_MESSAGES[problem] : null;
    if (message) throw AppError.of('VALIDATION_FAILED', message, { task: it.heading }, { key: it.key });
  }
}

/** '2020年4月15日' → '2020-04-15'; a month or a year alone is not a date. */
export function isoOfStatedDate(text: string | null): string | null {
  const m = text ? /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(text) : null;
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

function toSummary(d: DeploymentRow): DeploymentSummary {
  return {
    id: d.id,
    orgId: d.org_id,
    orgName: d.org_name,
    title: d.title,
    meetingDate: d.meeting_date,
    statedDate: d.stated_date,
    status: d.status,
    sourceKind: d.source_kind,
    sourceName: d.source_name,
    createdAt: d.created_at.toISOString(),
    confirmedAt: d.confirmed_at ? d.confirmed_at.toISOString() : null,
    taskCount: d.task_count,
    problemCount: d.problem_count,
    itemCounts: { task: d.item_tasks, problem: d.item_problems, total: d.item_total },
  };
}

export async function listDeployments(ctx: Ctx, q: z.infer<typeof deploymentListQuery>): Promise<DeploymentSummary[]> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const rows = await listDeploymentsUnder(ctx.db, ctx.actor, org.path, q.status);
  return rows.map(toSummary);
}

export async function getDeployment(ctx: Ctx, id: number): Promise<DeploymentDetail> {
  const d = await findDeployment(ctx.db, ctx.actor, id);
  if (!d) throw AppError.of('NOT_FOUND', 'err.deploy.notFound', { id });
  return {
    ...toSummary(d),
    sourceText: d.source_text,
    sourceEncoding: d.source_encoding,
    removed: d.removed as { text: string; reason: string }[],
    items: d.outline as OutlineItem[],
  };
}

type SourceInfo = { kind: 'paste' | 'txt' | 'docx'; name: string | null; encoding: string | null };

/**
 * Text PostgreSQL can store: no NUL or other control characters (tab and line breaks stay) and no lone half of a
 * surrogate pair (a JSONB string refuses its escape). None of them carries meaning in a speech.
 */
function storableText(s: string): string {
  return (
    s
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
  );
}

/** One limit for a deployment's text however it came (pasted, a .txt, the text of a .docx), with one message. */
function assertTextWithinLimit(text: string, source: SourceInfo): void {
  if (text.length <= MAX_DEPLOYMENT_TEXT_CHARS) return;
  throw AppError.of(
    'PAYLOAD_TOO_LARGE',
    'err.deploy.textTooLong',
    {
      limit: charsText(MAX_DEPLOYMENT_TEXT_CHARS),
      source: source.name ? msg('err.deploy.textOfFile', { file: source.name }) : msg('err.deploy.thisText'),
      size: charsText(text.length),
    },
    { field: 'text', limit: MAX_DEPLOYMENT_TEXT_CHARS, chars: text.length },
  );
}

const OUTLINE_FIELD_LABELS: Record<string, MessageText> = {
  heading: { zh: '标题', en: 'heading' },
  text: { zh: '正文', en: 'text' },
  numbering: { zh: '序号', en: 'numbering' },
};
const storableOutline = updateDeploymentBody.shape.items.unwrap();

/**
 * Holds the outline the parser made to the contract the deployment is read back with (item count, field lengths):
 * checked before anything is written, so that an import is refused whole rather than stored and then unreadable.
 */
export function assertStorableOutline(items: readonly OutlineItem[]): void {
  if (items.length > MAX_OUTLINE_ITEMS) {
    throw AppError.of(
      'IMPORT_INVALID',
      'err.deploy.outlineTooLong',
      { count: items.length, limit: MAX_OUTLINE_ITEMS, advice: msg('err.deploy.adviceSplit') },
      { items: items.length, limit: MAX_OUTLINE_ITEMS },
    );
  }
  const r = storableOutline.safeParse(items);
  if (r.success) return;
  const issue = r.error.issues[0]!;
  const [index, field] = issue.path;
  const max = issue.code === 'too_big' ? Number(issue.maximum) : null;
  if (typeof index !== 'number') {
    throw AppError.of('IMPORT_INVALID', 'err.deploy.outlineUnstorable', { reason: issue.message });
  }
  const item = items[index]!;
  const label = OUTLINE_FIELD_LABELS[String(field)] ?? { zh: '内容', en: 'content' };
  const value = (item as Record<string, unknown>)[String(field)];
  const short = item.heading ? [...item.heading].slice(0, 20).join('') : '';
  const where = { n: index + 1, heading: short ? { zh: `（“${short}”）`, en: ` (“${short}”)` } : '', field: label };
  const details = { key: item.key, field: String(field), limit: max };
  if (max !== null && typeof value === 'string') {
    throw AppError.of('IMPORT_INVALID', 'err.deploy.itemTooLong', { ...where, length: value.length, max }, details);
  }
  throw AppError.of('IMPORT_INVALID', 'err.deploy.itemUnstorable', { ...where, reason: issue.message }, details);
}

export async function createDeployment(
  ctx: Ctx,
  body: z.infer<typeof createDeploymentBody>,
  source: SourceInfo = { kind: 'paste', name: null, encoding: null },
): Promise<DeploymentDetail> {
  const org = await getOrg(ctx, body.orgId);
  if (org.status !== 'active') throw AppError.of('ORG_DISSOLVED', 'err.org.dissolved', { org: org.name });
  // Everything about to be written is checked before the transaction: a refused import leaves nothing behind.
  const text = storableText(body.text);
  assertTextWithinLimit(text, source);
  const outline = parseOutline(text);
  if (!outline.cleanedText.trim())
    throw AppError.of('VALIDATION_FAILED', 'err.deploy.emptyText', {}, { field: 'text' });
  // A full date the document states of itself is the meeting date unless one was given.
  const meetingDate = body.meetingDate ?? isoOfStatedDate(outline.date);
  const base = meetingDate ?? ctx.today;
  const items = flattenOutline(outline.nodes, base);
  assertStorableOutline(items);
  const name = source.name === null ? null : storableText(source.name);
  const title = [
    ...(storableText(body.title ?? '').trim() || outline.title || name?.replace(/\.[^.]+$/, '').trim() || '未命名部署'),
  ]
    .slice(0, 200)
    .join('');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const newId = await insertDeployment(trx, {
      org_id: org.id,
      region_id: org.region_id,
      title,
      meeting_date: meetingDate,
      stated_date: outline.date,
      source_kind: source.kind,
      source_name: name,
      source_encoding: source.encoding,
      source_text: outline.cleanedText,
      removed: JSON.stringify(outline.removed.map((r) => ({ text: r.text, reason: r.reason }))),
      outline: JSON.stringify(items),
      created_by: ctx.actor.userId || null,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await audit(trx, ctx, 'deployment.import', { entity: 'deployment', entityId: newId, orgId: org.id }, null, {
      title,
      source: source.kind,
      name,
      items: items.length,
      removed: outline.removed.length,
    });
    return newId;
  });
  return getDeployment(ctx, id);
}

/**
 * Text of an uploaded .txt (UTF-8 or GB18030, detected) or .docx. A .docx is held to DOCX_ZIP_LIMITS before mammoth
 * reads it: mammoth keeps the whole document in memory, and a few KB of zip can expand to gigabytes.
 */
async function textOfUpload(filename: string, data: Buffer): Promise<{ text: string; source: SourceInfo }> {
  if (data.length === 0) throw AppError.of('VALIDATION_FAILED', 'err.file.empty', {}, { field: 'file' });
  if (data.length > MAX_DEPLOYMENT_FILE_BYTES) {
    throw AppError.of(
      'PAYLOAD_TOO_LARGE',
      'err.file.tooLarge',
      { file: filename, size: formatBytes(data.length), max: formatBytes(MAX_DEPLOYMENT_FILE_BYTES) },
      { field: 'file', limit: MAX_DEPLOYMENT_FILE_BYTES },
    );
  }
  const lower = filename.toLowerCase();
  const isZip = data[0] === 0x50 && data[1] === 0x4b;
  if (lower.endsWith('.docx') || isZip) {
    if (!isZip) throw AppError.of('UNSUPPORTED_MEDIA_TYPE', 'err.deploy.notDocx', { file: filename });
    await assertZipWithinLimits(data, {
      ...DOCX_ZIP_LIMITS,
      what: msg('err.zip.docx', { file: filename }),
      invalidMessage: msg('err.zip.docxInvalid', { file: filename }),
    });
    try {
      // A document with tables is read through mammoth's HTML so that each table row stays one line of
      // tab-separated cells (a task table's columns); one without keeps mammoth's raw text.
      const html = (await mammoth.convertToHtml({ buffer: data })).value;
      const text = html.includes('<table')
        ? textOfDocxHtml(html)
        : (await mammoth.extractRawText({ buffer: data })).value;
      return { text, source: { kind: 'docx', name: filename, encoding: null } };
    } catch {
      throw AppError.of('UNSUPPORTED_MEDIA_TYPE', 'err.deploy.unreadableDocx', { file: filename });
    }
  }
  if (lower.endsWith('.doc')) {
    throw AppError.of('UNSUPPORTED_MEDIA_TYPE', 'err.deploy.oldDoc');
  }
  const { text, encoding } = decodeText(new Uint8Array(data));
  return { text, source: { kind: 'txt', name: filename, encoding } };
}

/** Imports an uploaded file as a draft deployment, as createDeployment does with pasted text. */
export async function importDeployment(
  ctx: Ctx,
  q: z.infer<typeof importDeploymentQuery>,
  filename: string,
  data: Buffer,
): Promise<DeploymentDetail> {
  const { text, source } = await textOfUpload(filename, data);
  return createDeployment(ctx, { orgId: q.orgId, text, meetingDate: q.meetingDate }, source);
}

export async function updateDeployment(
  ctx: Ctx,
  id: number,
  body: z.infer<typeof updateDeploymentBody>,
): Promise<DeploymentDetail> {
  const d = await getDeployment(ctx, id);
  if (d.status !== 'draft') throw AppError.of('RULE_VIOLATION', 'err.deploy.confirmedNoEdit');
  if (body.items) assertValidOutline(body.items);
  if (body.items) {
    for (const it of body.items) {
      if (it.task?.leadOrgId) await getOrg(ctx, it.task.leadOrgId);
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    await updateDeploymentRow(trx, id, {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.meetingDate !== undefined ? { meeting_date: body.meetingDate } : {}),
      ...(body.items !== undefined ? { outline: JSON.stringify(body.items) } : {}),
      updated_at: ctx.now,
    });
    await audit(
      trx,
      ctx,
      'deployment.edit',
      { entity: 'deployment', entityId: id, orgId: d.orgId },
      { title: d.title, items: d.items.length },
      { title: body.title ?? d.title, items: body.items?.length ?? d.items.length },
    );
  });
  return getDeployment(ctx, id);
}

/** Confirms the outline: task items become the task list, problem items the problem list. */
export async function confirmDeployment(ctx: Ctx, id: number) {
  const d = await getDeployment(ctx, id);
  if (d.status !== 'draft') throw AppError.of('CONFLICT', 'err.deploy.alreadyConfirmed');
  assertValidOutline(d.items);
  const org = await getOrg(ctx, d.orgId);
  const base = d.meetingDate ?? ctx.today;
  const tasks = d.items.filter((i) => i.kind === 'task');
  const problems = d.items.filter((i) => i.kind === 'problem');
  if (tasks.length === 0 && problems.length === 0) {
    throw AppError.of('RULE_VIOLATION', 'err.deploy.nothingToConfirm');
  }
  const title = (i: OutlineItem) => (i.heading.trim() || i.text.trim()).slice(0, 300);
  await ctx.db.transaction().execute(async (trx) => {
    for (const it of tasks) {
      const s = it.task ?? defaultTaskSettings(it, base);
      await insertTask(trx, {
        org_id: org.id,
        region_id: org.region_id,
        deployment_id: id,
        item_key: it.key,
        title: title(it),
        requirement: it.heading.trim() && it.text.trim() ? it.text : '',
        span_start: it.spanStart,
        span_end: it.spanEnd,
        progress_mode: s.progressMode,
        target_value: s.targetValue,
        target_unit: s.targetUnit,
        share_threshold: s.shareThreshold,
        deadline: s.deadline,
        deadline_text: it.deadlines[0]?.text ?? null,
        lead_org_id: s.leadOrgId ?? org.id,
        bodies_text: it.bodies.length ? it.bodies.join('、') : null,
        created_by: ctx.actor.userId || null,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
    }
    for (const it of problems) {
      await insertProblem(trx, {
        org_id: org.id,
        region_id: org.region_id,
        deployment_id: id,
        item_key: it.key,
        title: title(it),
        description: it.heading.trim() && it.text.trim() ? it.text : '',
        span_start: it.spanStart,
        span_end: it.spanEnd,
        source: 'speech',
        issuer_org_id: org.id,
        found_on: base,
        created_by: ctx.actor.userId || null,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
    }
    await updateDeploymentRow(trx, id, { status: 'confirmed', confirmed_at: ctx.now, updated_at: ctx.now });
    await audit(trx, ctx, 'deployment.confirm', { entity: 'deployment', entityId: id, orgId: org.id }, null, {
      tasks: tasks.length,
      problems: problems.length,
    });
  });
  return { deploymentId: id, tasksCreated: tasks.length, problemsCreated: problems.length };
}

/**
 * Deletes a draft (an import that was a mistake, or one to be imported again in parts). Once confirmed a deployment
 * is the source of its tasks and problems and stays. The audit entry keeps what was deleted: title, source, items.
 */
export async function deleteDeployment(ctx: Ctx, id: number): Promise<DeleteDeploymentResult> {
  const d = await getDeployment(ctx, id);
  const refuse = () =>
    AppError.of(
      'CONFLICT',
      'err.deploy.confirmedNoDelete',
      {},
      { status: d.status, tasks: d.taskCount, problems: d.problemCount },
    );
  if (d.status !== 'draft' || d.taskCount > 0 || d.problemCount > 0) throw refuse();
  const before = {
    title: d.title,
    status: d.status,
    source: d.sourceKind,
    name: d.sourceName,
    meetingDate: d.meetingDate,
    items: d.items.length,
    tasks: d.itemCounts.task,
    problems: d.itemCounts.problem,
  };
  await ctx.db.transaction().execute(async (trx) => {
    // Confirmed in the meantime (another tab, another administrator): the row stays.
    if (!(await deleteDraftDeploymentRow(trx, id))) throw refuse();
    await audit(trx, ctx, 'deployment.delete', { entity: 'deployment', entityId: id, orgId: d.orgId }, before, null);
  });
  return { deploymentId: id, title: d.title, items: d.items.length };
}
