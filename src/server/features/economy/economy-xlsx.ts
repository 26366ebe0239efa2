import type ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { economyExportQuery } from '../../../contracts/economy.ts';
import { effectiveIncomeEntries, operatingOf, totalOf } from '../../../domain/economy/income.ts';
import { INCOME_LIST_SPEC, type IncomeListField } from '../../../domain/economy/income-list.ts';
import {
  INCOME_PERIOD_LABELS,
  INCOME_SOURCES,
  type IncomeAmounts,
  type IncomeSource,
  VILLAGE_MARK_LABELS,
} from '../../../domain/economy/vocab.ts';
import type { Ctx } from '../context.ts';
import { listEntriesOf } from './economy.queries.ts';
import { entryOf, listAllVillages } from './economy.service.ts';

/**
 * The subtree's villages and their income of a year as .xlsx in the layout the import reads (村级集体经济收入统计表):
 * a title row, then 序号, 所属乡镇, 村名, 组织编码, 年度, 季度, the five kinds of income in 元, 备注, and for people to
 * read 经营性收入合计, 收入合计 and 类别 (空壳村, 薄弱村, 未填报), which an import never reads back. A village with the
 * annual statement has one row (全年); one with quarters only, a row per quarter; one that reported nothing, a row
 * without amounts marked 未填报 (the import skips it). The file imports again and adds nothing.
 */

const SHEET = '村级集体经济收入';
const AMOUNT_FIELDS = new Set<IncomeListField>([...INCOME_SOURCES, 'operatingTotal', 'total']);
const WIDTH: Partial<Record<IncomeListField, number>> = { seq: 6, town: 16, village: 20, code: 14, note: 24, mark: 10 };

const HEADER_FONT: Partial<ExcelJS.Font> = { name: '黑体', bold: true, size: 11 };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2DCDB' } };
const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** The header as exported: amounts say their unit (the import reads 元 unless a header says 万元). */
function headerOf(f: IncomeListField, header: string): string {
  return AMOUNT_FIELDS.has(f) ? `${header}（元）` : header;
}

export async function economyXlsx(
  ctx: Ctx,
  q: z.infer<typeof economyExportQuery>,
): Promise<{ filename: string; data: Buffer }> {
  const year = q.year ?? Number(ctx.today.slice(0, 4));
  const { org, rows } = await listAllVillages(ctx, q.orgId, year, q.mark);
  // The entries in force of each village, for the quarter rows of those without the annual statement.
  const quarterly = rows.filter((r) => r.figures !== null && !r.figures.annual).map((r) => r.orgId);
  const entries = await listEntriesOf(ctx.db, quarterly, [year]);
  const quartersOf = new Map<number, { quarter: number; amounts: IncomeAmounts; note: string }[]>();
  const notes = new Map(entries.map((e) => [e.id, e.note]));
  for (const orgId of quarterly) {
    const mine = entries.filter((e) => e.org_id === orgId).map(entryOf);
    const inForce = [...effectiveIncomeEntries(mine).values()]
      .filter((e) => e.quarter !== null)
      .sort((a, b) => a.quarter! - b.quarter!);
    quartersOf.set(
      orgId,
      inForce.map((e) => ({ quarter: e.quarter!, amounts: e.amounts, note: notes.get(e.id) ?? '' })),
    );
  }

  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = '落实 Luoshi';
  const ws = wb.addWorksheet(SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  const fields = INCOME_LIST_SPEC.fields;
  ws.columns = fields.map((c) => ({
    key: c.field,
    width: WIDTH[c.field] ?? (AMOUNT_FIELDS.has(c.field) ? 16 : 10),
    style: AMOUNT_FIELDS.has(c.field) ? { numFmt: '#,##0.00' } : {},
  }));
  ws.mergeCells(1, 1, 1, fields.length);
  const title = `${org.name}${year}年村级集体经济收入统计表`;
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { name: '方正小标宋简体', size: 16, bold: true };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  const head = ws.getRow(2);
  head.values = fields.map((c) => headerOf(c.field, c.header));
  head.font = HEADER_FONT;
  head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  head.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
  });

  let seq = 0;
  const add = (v: (typeof rows)[number], period: string, amounts: IncomeAmounts | null, note: string): void => {
    seq++;
    const value = (f: IncomeListField): string | number => {
      switch (f) {
        case 'seq':
          return seq;
        case 'town':
          return v.parentName ?? '';
        case 'village':
          return v.name;
        case 'code':
          return v.code;
        case 'year':
          return year;
        case 'quarter':
          return period;
        case 'note':
          return note;
        case 'operatingTotal':
          return amounts ? operatingOf(amounts) : '';
        case 'total':
          return amounts ? totalOf(amounts) : '';
        case 'mark':
          return v.mark === 'none' ? '' : VILLAGE_MARK_LABELS[v.mark].zh;
        default:
          return amounts ? amounts[f as IncomeSource] : '';
      }
    };
    const row = ws.addRow(fields.map((c) => value(c.field)));
    row.eachCell((cell) => {
      cell.border = BORDER;
    });
  };
  for (const v of rows) {
    if (v.figures === null) add(v, '', null, '');
    else if (v.figures.annual) add(v, INCOME_PERIOD_LABELS.year.zh, v.figures.amounts, '');
    else {
      for (const qr of quartersOf.get(v.orgId) ?? []) {
        add(v, INCOME_PERIOD_LABELS[`q${qr.quarter}` as 'q1'].zh, qr.amounts, qr.note);
      }
    }
  }
  return { filename: `${title}-${ctx.today.replaceAll('-', '')}.xlsx`, data: Buffer.from(await wb.xlsx.writeBuffer()) };
}
