import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { Paged } from '../../../contracts/common.ts';
import type { responsibilityPageQuery, responsibilityQuery, responsibilityRow } from '../../../contracts/tasks.ts';
import { msg, zhOf } from '../../../domain/messages.ts';
import { DISPLAY_STATE_LABELS, displayState } from '../../../domain/tasks/assignment-state.ts';
import { portfolioMatches } from '../../../domain/tasks/responsibility.ts';
import type { Ctx } from '../context.ts';
import { pageAtOf, pageFields } from '../list-cursor.ts';
import { getOrg } from '../org/org.service.ts';
import {
  listPositionsHeld,
  listResponsibilityPage,
  listResponsibilityRows,
  RESPONSIBILITY_KEYS,
  type ResponsibilityDbRow,
} from './responsibility.queries.ts';

type Row = z.infer<typeof responsibilityRow>;

/**
 * The responsibility list (责任清单): for every organisation in the subtree, each task it must carry out, who
 * answers for it — its 书记 as 第一责任人 and the committee members whose 分管 portfolio covers the task
 * (一岗双责) — and by when. Computed from assignments, tasks and positions; nothing is stored twice.
 */
export async function listResponsibilities(ctx: Ctx, q: z.infer<typeof responsibilityQuery>): Promise<Row[]> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const rows = await listResponsibilityRows(ctx.db, ctx.actor, { orgPath: org.path, deploymentId: q.deploymentId });
  return withPeople(ctx, rows);
}

/** The same list a page at a time (keyset paging): a province's or city's list is hundreds of thousands of rows. */
export async function listResponsibilityPageOf(
  ctx: Ctx,
  q: z.infer<typeof responsibilityPageQuery>,
): Promise<Paged<Row>> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const { rows, total, next } = await listResponsibilityPage(
    ctx.db,
    ctx.actor,
    { orgPath: org.path, deploymentId: q.deploymentId },
    pageAtOf(ctx.auditKey, 'responsibilities', q, RESPONSIBILITY_KEYS.length),
  );
  return {
    items: await withPeople(ctx, rows),
    ...pageFields(ctx.auditKey, 'responsibilities', q, total, next),
  };
}

/** Each row with who answers for it (the 书记, the portfolios that cover it) and its progress in words. */
async function withPeople(ctx: Ctx, rows: readonly ResponsibilityDbRow[]): Promise<Row[]> {
  const orgIds = [...new Set(rows.map((r) => r.org_id))];
  const positions = await listPositionsHeld(ctx.db, orgIds, ctx.today);
  const byOrg = new Map<number, typeof positions>();
  for (const p of positions) byOrg.set(p.org_id, [...(byOrg.get(p.org_id) ?? []), p]);
  return rows.map((r) => {
    const team = byOrg.get(r.org_id) ?? [];
    const secretary = team.find((p) => p.title === 'secretary');
    const portfolio = team
      .filter(
        (p) => p.title !== 'secretary' && p.portfolio && portfolioMatches(p.portfolio, `${r.title}${r.requirement}`),
      )
      .map((p) => `${p.name}（${p.portfolio}）`);
    const shown = r.state
      ? displayState(
          {
            state: r.state,
            assignedOn: r.assigned_on!,
            deadline: r.deadline,
            progress: r.progress === null ? null : Number(r.progress),
          },
          ctx.today,
          ctx.taskRules,
        )
      : null;
    const figure =
      r.figure !== null && Number(r.figure) > 0
        ? msg('progress.reportedSuffix', { figure: Number(r.figure), unit: r.target_unit ?? '' })
        : '';
    const progress = shown
      ? msg('progress.state', { state: DISPLAY_STATE_LABELS[shown], figure })
      : msg('progress.notAssignedDown');
    const secretaryOf = secretary ? msg('label.secretaryOf', { name: secretary.name }) : null;
    return {
      taskId: r.task_id,
      taskTitle: r.title,
      leadOrgName: r.lead_org_name,
      responsibleOrgName: r.org_name,
      firstResponsible: secretaryOf ? zhOf(secretaryOf) : null,
      firstResponsibleMsg: secretaryOf,
      portfolioResponsible: portfolio,
      responsiblePerson: r.responsible_person,
      deadline: r.deadline,
      progressLabel: zhOf(progress),
      progressMsg: progress,
    };
  });
}

export async function responsibilitiesXlsx(
  ctx: Ctx,
  q: z.infer<typeof responsibilityQuery>,
): Promise<{ filename: string; data: Buffer }> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const rows = await listResponsibilities(ctx, q);
  const wb = new ExcelJS.Workbook();
  wb.creator = '落实 Luoshi';
  const ws = wb.addWorksheet('责任清单', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.mergeCells('A1:G1');
  ws.getCell('A1').value = `${org.name}责任清单（${ctx.today}）`;
  ws.getCell('A1').font = { name: '黑体', size: 16, bold: true };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  const header = ['序号', '任务内容', '牵头单位', '责任单位', '责任人', '完成时限', '进展情况'];
  ws.addRow(header);
  ws.getRow(2).font = { name: '黑体', bold: true };
  ws.columns = [{ width: 6 }, { width: 50 }, { width: 18 }, { width: 18 }, { width: 30 }, { width: 12 }, { width: 20 }];
  rows.forEach((r, i) => {
    const people = [r.firstResponsible, ...r.portfolioResponsible, r.responsiblePerson].filter(Boolean).join('；');
    const row = ws.addRow([
      i + 1,
      r.taskTitle,
      r.leadOrgName ?? '',
      r.responsibleOrgName,
      people,
      r.deadline ?? '',
      r.progressLabel,
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
  });
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  return { filename: `${org.name}-责任清单-${ctx.today.replaceAll('-', '')}.xlsx`, data };
}
