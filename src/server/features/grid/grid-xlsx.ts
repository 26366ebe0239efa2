import type ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { matterExportQuery } from '../../../contracts/grid.ts';
import {
  GRID_MATTER_SOURCE_LABELS,
  GRID_MATTER_STATE_LABELS,
  gridDaysOverdue,
  isResolvedOnTime,
} from '../../../domain/grid/grid-matter.ts';
import { GRID_MATTER_LIST_SPEC, type GridMatterListField } from '../../../domain/grid/grid-matter-list.ts';
import type { Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { gridScopeOf, listMattersForExport, type MatterRow } from './grid.queries.ts';
import { gridRules } from './grid.service.ts';

/**
 * The grid matter list as .xlsx in the layout communities keep (网格事项登记表): a title row, then the import's
 * columns (序号, 所属社区, 网格, 类别, 事项内容, 地点, 上报日期, 来源, 反映人, 联系电话) and where each matter stands
 * (上报人, 状态, 承办单位, 交办日期, 办理时限, 处置日期, 反馈日期, 评价, 是否按期办结, 逾期天数, 重新办理次数), which
 * an import never reads back: the file imports again and adds nothing.
 */

const SHEET = '网格事项登记表';
const WIDTH: Partial<Record<GridMatterListField, number>> = {
  seq: 6,
  org: 16,
  grid: 14,
  category: 10,
  text: 40,
  location: 20,
  reportedOn: 12,
  residentPhone: 14,
  assignee: 18,
};
const DATES = new Set<GridMatterListField>(['reportedOn', 'assignedOn', 'deadline', 'handledOn', 'fedBackOn']);

const HEADER_FONT: Partial<ExcelJS.Font> = { name: '黑体', bold: true, size: 11 };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2DCDB' } };
const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

function dateCell(iso: string | null): Date | string {
  if (iso === null) return '';
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

export async function gridMatterXlsx(
  ctx: Ctx,
  q: z.infer<typeof matterExportQuery>,
): Promise<{ filename: string; data: Buffer }> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  const rows = await listMattersForExport(ctx.db, gridScopeOf(ctx.actor), {
    orgPath: org.path,
    gridId: q.gridId,
    state: q.state,
    category: q.category,
    overdueOn: q.overdue === 'true' ? ctx.today : undefined,
    assigneeOrgId: q.mine === 'true' ? ctx.actor.orgId : undefined,
    from: q.from,
    to: q.to,
  });
  const rules = gridRules(ctx);
  const category = new Map(rules.categories.value.map((c) => [c.code, c.zh]));
  const rating = new Map(rules.ratings.value.map((c) => [c.code, c.zh]));
  const value = (m: MatterRow, seq: number, f: GridMatterListField): string | number | Date => {
    switch (f) {
      case 'seq':
        return seq;
      case 'org':
        return m.org_name;
      case 'grid':
        return m.grid_name;
      case 'category':
        return category.get(m.category) ?? m.category;
      case 'text':
        return m.text;
      case 'location':
        return m.location;
      case 'reportedOn':
        return dateCell(m.reported_on);
      case 'source':
        return GRID_MATTER_SOURCE_LABELS[m.source].zh;
      case 'residentName':
        return m.resident_name ?? '';
      case 'residentPhone':
        return m.resident_phone ?? '';
      case 'reporter':
        return m.reporter_name;
      case 'state':
        return GRID_MATTER_STATE_LABELS[m.state].zh;
      case 'assignee':
        return m.assignee_name ?? m.assignee_dept ?? '';
      case 'assignedOn':
        return dateCell(m.assigned_on);
      case 'deadline':
        return dateCell(m.deadline);
      case 'handledOn':
        return dateCell(m.handled_on);
      case 'fedBackOn':
        return dateCell(m.fed_back_on);
      case 'rating':
        return m.rating ? (rating.get(m.rating) ?? m.rating) : '';
      case 'onTime':
        return m.state === 'closed' ? (isResolvedOnTime(m.resolved_on, m.due_on) ? '是' : '否') : '';
      case 'daysOverdue':
        return gridDaysOverdue(m.state, m.deadline, ctx.today) || '';
      case 'reopenCount':
        return m.reopen_count || '';
    }
  };

  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = '落实 Luoshi';
  const ws = wb.addWorksheet(SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  const fields = GRID_MATTER_LIST_SPEC.fields;
  ws.columns = fields.map((c) => ({
    key: c.field,
    width: WIDTH[c.field] ?? 12,
    style: DATES.has(c.field) ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  ws.mergeCells(1, 1, 1, fields.length);
  const title = `${org.name}网格事项登记表`;
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { name: '方正小标宋简体', size: 16, bold: true };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  const head = ws.getRow(2);
  head.values = fields.map((c) => c.header);
  head.font = HEADER_FONT;
  head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  head.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
  });
  rows.forEach((m, i) => {
    const row = ws.addRow(fields.map((c) => value(m, i + 1, c.field)));
    row.alignment = { vertical: 'top', wrapText: true };
    row.eachCell((cell) => {
      cell.border = BORDER;
    });
  });
  return { filename: `${title}-${ctx.today.replaceAll('-', '')}.xlsx`, data: Buffer.from(await wb.xlsx.writeBuffer()) };
}
