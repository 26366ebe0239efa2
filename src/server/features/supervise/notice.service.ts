import type { z } from 'zod';
import type {
  CreateNoticeBody,
  createNoticeBody,
  NoticeDetail,
  noticeListQuery,
  updateNoticeBody,
} from '../../../contracts/supervise.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { addDaysIso, compareIso } from '../../../domain/dates.ts';
import { msg } from '../../../domain/messages.ts';
import type { OfficialBlock, OfficialDoc } from '../../../domain/report/official-doc.ts';
import { DEFAULT_WEIGHTS, RANKING_MEASURES, type RankingWeights, rankOrgs } from '../../../domain/supervise/ranking.ts';
import { pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { pageAtOf, pageFields } from '../list-cursor.ts';
import { notify } from '../notifications/notifications.service.ts';
import { getOrg } from '../org/org.service.ts';
import { renderOfficialDocx, renderOfficialPdf } from '../report/report.service.ts';
import {
  childOutcomes,
  findNotice,
  insertNotice,
  listChildIds,
  listNoticesPage,
  NOTICE_KEYS,
  type NoticeRow,
  overdueItems,
  publishNoticeRow,
  updateDraftNotice,
} from './supervise.queries.ts';

/**
 * 通报 (DESIGN.md §1): a notice for a period and a subtree ranking the child organisations by outcomes over work
 * that fell due (domain/supervise/ranking.ts), naming the best and the worst and listing the overdue items, written
 * as an official document (GB/T 9704, report area) as .docx and PDF; published, the subtree sees it.
 */

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

type StoredRanking = NoticeDetail['ranking'];

/** The official document of a notice: its figures in the house style of a 通报. */
function noticeDocument(
  org: { name: string },
  body: { title: string; docNumber: string; periodStart: string; periodEnd: string; today: string },
  r: StoredRanking,
): OfficialDoc {
  const nameOf = (ids: readonly number[]) =>
    ids.map((id) => r.ranked.find((o) => o.orgId === id)?.name ?? '').join('、');
  const due = r.ranked.reduce((s, o) => s + o.due, 0);
  const done = r.ranked.reduce((s, o) => s + o.done, 0);
  const overdue = r.ranked.reduce((s, o) => s + o.overdue, 0);
  const problemsDue = r.ranked.reduce((s, o) => s + o.problemsDue, 0);
  const onTime = r.ranked.reduce((s, o) => s + o.problemsClosedOnTime, 0);
  const blocks: OfficialBlock[] = [
    {
      kind: 'paragraph',
      text: `为推动各项部署落地见效，现将${body.periodStart}至${body.periodEnd}各单位重点工作落实情况通报如下。本次通报只统计期内已到期的任务和问题，尚未到期的工作不计入。`,
    },
    { kind: 'heading1', text: '总体情况' },
    {
      kind: 'paragraph',
      text: `期内到期任务${due}项，已完成${done}项，完成率${pct(due ? done / due : null)}；逾期${overdue}项。到期问题${problemsDue}个，按期整改销号${onTime}个，按期整改率${pct(problemsDue ? onTime / problemsDue : null)}。`,
    },
    { kind: 'heading1', text: '排名情况' },
    {
      kind: 'table',
      header: ['名次', '单位', '任务完成率', '按期率', '问题按期整改率', '督查发现问题', '综合得分'],
      rows: r.ranked.map((o) => [
        String(o.rank),
        o.name,
        pct(o.rates.completion),
        pct(o.rates.punctuality),
        pct(o.rates.problemsOnTime),
        String(o.findings),
        o.score.toFixed(2),
      ]),
    },
  ];
  if (r.unranked.length) {
    blocks.push({
      kind: 'paragraph',
      text: `期内没有到期任务和问题、不参与排名的单位：${r.unranked.map((o) => o.name).join('、')}。`,
    });
  }
  if (r.best.length) blocks.push({ kind: 'paragraph', text: `落实较好的单位：${nameOf(r.best)}。` });
  if (r.worst.length) blocks.push({ kind: 'paragraph', text: `进度相对滞后的单位：${nameOf(r.worst)}。` });
  if (r.overdueItems.length) {
    blocks.push({ kind: 'heading1', text: '逾期事项' });
    blocks.push({
      kind: 'table',
      header: ['事项', '单位', '完成时限', '完成情况'],
      rows: r.overdueItems.map((i) => [i.title, i.orgName, i.deadline ?? '', i.doneOn ? `${i.doneOn}完成` : '未完成']),
    });
  }
  blocks.push(
    { kind: 'heading1', text: '下步要求' },
    {
      kind: 'paragraph',
      text: '各单位要对照通报查找差距，对逾期事项逐项明确整改措施和完成时限；排名靠后的单位要认真分析原因，切实抓好落实。',
    },
  );
  return {
    issuer: org.name,
    ...(body.docNumber ? { docNumber: body.docNumber } : {}),
    title: body.title,
    recipients: '各所属党组织',
    body: blocks,
    signature: org.name,
    date: body.today,
  };
}

type NoticeWording = NoticeDetail['wording'];

/**
 * The editable wording of a notice's document: the recipients, the opening paragraph (the first block) and the
 * closing one (the last block, 下步要求), as noticeDocument writes them.
 */
function wordingOf(doc: OfficialDoc): NoticeWording {
  const first = doc.body[0];
  const last = doc.body[doc.body.length - 1];
  return {
    recipients: doc.recipients ?? '',
    lead: first?.kind === 'paragraph' ? first.text : '',
    closing: last?.kind === 'paragraph' && doc.body.length > 1 ? last.text : '',
  };
}

/** The document with its title, number and wording edited; the tables and the figures in them stay as computed. */
function withWording(
  doc: OfficialDoc,
  edit: { title: string; docNumber: string } & Partial<NoticeWording>,
): OfficialDoc {
  const body = [...doc.body];
  const lastAt = body.length - 1;
  if (edit.lead !== undefined && body[0]?.kind === 'paragraph') body[0] = { kind: 'paragraph', text: edit.lead };
  if (edit.closing !== undefined && lastAt > 0 && body[lastAt]?.kind === 'paragraph') {
    body[lastAt] = { kind: 'paragraph', text: edit.closing };
  }
  const { docNumber: _old, ...rest } = doc;
  return {
    ...rest,
    ...(edit.docNumber ? { docNumber: edit.docNumber } : {}),
    title: edit.title,
    ...(edit.recipients !== undefined ? { recipients: edit.recipients } : {}),
    body,
  };
}

function toDetail(ctx: Ctx, n: NoticeRow): NoticeDetail {
  return {
    id: n.id,
    orgId: n.org_id,
    orgName: n.org_name,
    title: n.title,
    docNumber: n.doc_number,
    periodStart: n.period_start,
    periodEnd: n.period_end,
    status: n.status,
    createdAt: new Date(n.created_at).toISOString(),
    publishedAt: n.published_at ? new Date(n.published_at).toISOString() : null,
    weights: n.weights as RankingWeights,
    ranking: n.ranking as StoredRanking,
    wording: wordingOf(n.document as OfficialDoc),
    canManage: hasPermission(ctx.actor.role, 'task:assign') && pathInScope(n.org_path, ctx.actor),
  };
}

async function getRow(ctx: Ctx, id: number): Promise<NoticeRow> {
  const n = await findNotice(ctx.db, ctx.actor, id);
  if (!n) throw AppError.of('NOT_FOUND', 'err.bulletin.notFound', { id });
  return n;
}

export async function getNotice(ctx: Ctx, id: number): Promise<NoticeDetail> {
  return toDetail(ctx, await getRow(ctx, id));
}

export async function listNotices(ctx: Ctx, q: z.infer<typeof noticeListQuery>) {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const { rows, total, next } = await listNoticesPage(
    ctx.db,
    ctx.actor,
    org,
    pageAtOf(ctx.auditKey, 'notices', q, NOTICE_KEYS.length),
  );
  return {
    items: rows.map((r) => {
      const { weights: _w, ranking: _r, canManage: _c, ...summary } = toDetail(ctx, r);
      return summary;
    }),
    ...pageFields(ctx.auditKey, 'notices', q, total, next),
  };
}

/** Computes the ranking from the records and keeps it, with the document, as a draft. */
export async function createNotice(ctx: Ctx, body: z.infer<typeof createNoticeBody>): Promise<NoticeDetail> {
  const org = await getOrg(ctx, body.orgId ?? ctx.actor.orgId);
  const yesterday = addDaysIso(ctx.today, -1);
  const upTo = compareIso(body.periodEnd, yesterday) < 0 ? body.periodEnd : yesterday;
  const period = { from: body.periodStart, upTo, to: body.periodEnd };
  const weights: RankingWeights = body.weights ?? DEFAULT_WEIGHTS;
  const outcomes = (await childOutcomes(ctx.db, org.id, period)).map((o) => ({
    orgId: o.org_id,
    name: o.name,
    code: o.code,
    due: o.due,
    done: o.done,
    overdue: o.overdue,
    problemsDue: o.problems_due,
    problemsClosedOnTime: o.problems_on_time,
    findings: o.findings,
  }));
  const r = rankOrgs(outcomes, weights);
  const overdue = compareIso(upTo, body.periodStart) < 0 ? [] : await overdueItems(ctx.db, org.path, period, 50);
  const ranking: StoredRanking = {
    ranked: r.ranked,
    unranked: r.unranked,
    best: r.best.map((o) => o.orgId),
    worst: r.worst.map((o) => o.orgId),
    overdueItems: overdue.map((i) => ({
      title: i.title,
      orgName: i.org_name,
      deadline: i.deadline,
      doneOn: i.done_on,
    })),
  };
  const title = body.title ?? `关于${body.periodStart}至${body.periodEnd}重点工作落实情况的通报`;
  const document = noticeDocument(
    org,
    {
      title,
      docNumber: body.docNumber ?? '',
      periodStart: body.periodStart,
      periodEnd: body.periodEnd,
      today: ctx.today,
    },
    ranking,
  );
  const id = await ctx.db.transaction().execute(async (trx) => {
    const noticeId = await insertNotice(trx, {
      org_id: org.id,
      region_id: org.region_id,
      title,
      doc_number: body.docNumber ?? '',
      period_start: body.periodStart,
      period_end: body.periodEnd,
      weights: JSON.stringify(Object.fromEntries(RANKING_MEASURES.map((m) => [m, weights[m]]))),
      ranking: JSON.stringify(ranking),
      document: JSON.stringify(document),
      created_by: ctx.actor.userId || null,
      created_at: ctx.now,
    });
    await audit(trx, ctx, 'notice.create', { entity: 'notice', entityId: noticeId, orgId: org.id }, null, {
      ...(body as CreateNoticeBody),
      ranked: ranking.ranked.length,
    });
    return noticeId;
  });
  return getNotice(ctx, id);
}

/**
 * Edits a draft's wording before it is published: the title, the document number, the recipients, the opening and
 * the closing paragraphs; the preview and the files follow. The ranking and its figures are not editable; a
 * published notice is frozen (409).
 */
export async function updateNotice(
  ctx: Ctx,
  id: number,
  patch: z.infer<typeof updateNoticeBody>,
): Promise<NoticeDetail> {
  const n = await getRow(ctx, id);
  if (!toDetail(ctx, n).canManage) throw new AppError('FORBIDDEN', msg('err.bulletin.issuerOnly', { org: n.org_name }));
  if (n.status === 'published') throw AppError.of('CONFLICT', 'err.bulletin.frozen');
  const before = { title: n.title, docNumber: n.doc_number, ...wordingOf(n.document as OfficialDoc) };
  const title = patch.title ?? n.title;
  const docNumber = patch.docNumber ?? n.doc_number;
  const document = withWording(n.document as OfficialDoc, {
    title,
    docNumber,
    ...(patch.recipients !== undefined ? { recipients: patch.recipients } : {}),
    ...(patch.lead !== undefined ? { lead: patch.lead } : {}),
    ...(patch.closing !== undefined ? { closing: patch.closing } : {}),
  });
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await updateDraftNotice(trx, id, {
      title,
      doc_number: docNumber,
      document: JSON.stringify(document),
    });
    // Published meanwhile: the notice as published stands.
    if (!updated) throw AppError.of('CONFLICT', 'err.bulletin.frozen');
    await audit(trx, ctx, 'notice.update', { entity: 'notice', entityId: id, orgId: n.org_id }, before, patch);
  });
  return getNotice(ctx, id);
}

/** Publishing makes the notice visible to the subtree; each child organisation is told. */
export async function publishNotice(ctx: Ctx, id: number): Promise<NoticeDetail> {
  const n = await getRow(ctx, id);
  if (!toDetail(ctx, n).canManage) throw new AppError('FORBIDDEN', msg('err.bulletin.issuerOnly', { org: n.org_name }));
  if (n.status === 'published') throw AppError.of('CONFLICT', 'err.bulletin.published');
  await ctx.db.transaction().execute(async (trx) => {
    await publishNoticeRow(trx, id, ctx.now);
    const children = await listChildIds(trx, n.org_id);
    await notify(
      trx,
      children.map((c) => ({
        orgId: c.id,
        kind: 'notice' as const,
        title: msg('notice.notice.published', { title: n.title }),
        noticeId: id,
      })),
    );
    await audit(trx, ctx, 'notice.publish', { entity: 'notice', entityId: id, orgId: n.org_id }, null, null);
  });
  return getNotice(ctx, id);
}

/** The notice as an official document: .docx (Word, WPS) or PDF (the preview). */
export async function noticeFile(ctx: Ctx, id: number, format: 'docx' | 'pdf') {
  const n = await getRow(ctx, id);
  const doc = n.document as OfficialDoc;
  const data = format === 'docx' ? await renderOfficialDocx(doc) : await renderOfficialPdf(doc);
  return { data, filename: `${n.title}.${format}` };
}
