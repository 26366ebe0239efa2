import ExcelJS from 'exceljs';
import {
  VILLAGE_CASE_STATE_LABELS,
  VILLAGE_FLAG_LABELS,
  VILLAGE_STEP_LABELS,
  VILLAGE_STEPS,
} from '../../../domain/village/vocab.ts';
import type { Ctx } from '../context.ts';
import { listVillageCasesForExport, type VillageListFilter } from './village.service.ts';

/**
 * The case list as .xlsx in the usual layout of a 四议两公开 台账: a title row, then 序号, 村（社区）, 事项, 类别, the
 * day of each of the six steps, 状态 and 标记 (the flags, lateness included), one row per case, the filters of the list.
 */

const stamp = (today: string) => today.replaceAll('-', '');
const safe = (s: string) => s.replace(/[\\/:*?"<>|\r\n]/g, '_');

export async function villageCasesXlsx(ctx: Ctx, q: VillageListFilter): Promise<{ filename: string; data: Buffer }> {
  const { org, items } = await listVillageCasesForExport(ctx, q);
  const header = [
    '序号',
    '村（社区）',
    '事项',
    '类别',
    ...VILLAGE_STEPS.map((s) => VILLAGE_STEP_LABELS[s].zh),
    '状态',
    '标记',
  ];
  const wb = new ExcelJS.Workbook();
  wb.creator = '落实 Luoshi';
  const ws = wb.addWorksheet('四议两公开', { views: [{ state: 'frozen', ySplit: 2, xSplit: 3 }] });
  ws.mergeCells(1, 1, 1, header.length);
  const year = q.year ? `${q.year}年` : '';
  ws.getCell(1, 1).value = `${org.name}${year}“四议两公开”事项台账`;
  ws.getCell(1, 1).font = { name: '黑体', size: 16, bold: true };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.addRow(header);
  ws.getRow(2).font = { name: '黑体', bold: true };
  ws.getRow(2).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.columns = [
    { width: 6 },
    { width: 20 },
    { width: 30 },
    { width: 24 },
    ...VILLAGE_STEPS.map(() => ({ width: 13 })),
    { width: 9 },
    { width: 36 },
  ];
  items.forEach((c, i) => {
    const flags = [...new Set(c.flags.map((f) => VILLAGE_FLAG_LABELS[f.flag].zh))];
    const row = ws.addRow([
      i + 1,
      c.orgName,
      c.matter,
      c.kindLabel.zh,
      ...VILLAGE_STEPS.map((s) => c.stepDays[s] ?? ''),
      VILLAGE_CASE_STATE_LABELS[c.state].zh,
      flags.join('；'),
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
  });
  ws.addRow([]);
  ws.addRow([`导出日期：${ctx.today}；共 ${items.length} 件。标记依据见各事项详情（规定条文及其核实标注）。`]);
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  return { filename: `${safe(org.name)}-四议两公开-${stamp(ctx.today)}.xlsx`, data };
}
