import { compareIso } from '../dates.ts';
import { cellText, type GridCell } from '../import/grid.ts';
import { foldChoice, type ListSpec } from '../import/list-spec.ts';
import { readDate } from '../import/values.ts';
import { type Msg, msg } from '../messages.ts';
import type { GridCategoryRule } from '../rules/ruleset.ts';
import { GRID_MATTER_SOURCE_LABELS, type GridMatterSource } from './grid-matter.ts';

/**
 * The grid matter list (网格事项登记表) as communities keep it in a spreadsheet — 网格, 类别, 事项内容, 地点, 上报日期,
 * 来源, 反映人, 联系电话, and optionally 所属社区 — for the one spreadsheet importer (domain/import). The export writes
 * the same columns and more (状态, 承办单位, 办理时限, 处置日期, 评价, 是否按期), which the import leaves alone, so an
 * exported list imports again and adds nothing. Pure.
 */

export type GridMatterListField =
  | 'seq'
  | 'org'
  | 'grid'
  | 'category'
  | 'text'
  | 'location'
  | 'reportedOn'
  | 'source'
  | 'residentName'
  | 'residentPhone'
  | GridMatterInfoField;

/** The columns an export adds after the list's own: read by people, never imported. */
export const GRID_MATTER_EXPORT_INFO = [
  ['reporter', '上报人'],
  ['state', '状态'],
  ['assignee', '承办单位'],
  ['assignedOn', '交办日期'],
  ['deadline', '办理时限'],
  ['handledOn', '处置日期'],
  ['fedBackOn', '反馈日期'],
  ['rating', '评价'],
  ['onTime', '是否按期办结'],
  ['daysOverdue', '逾期天数'],
  ['reopenCount', '重新办理次数'],
] as const;
export type GridMatterInfoField = (typeof GRID_MATTER_EXPORT_INFO)[number][0];

export const GRID_MATTER_LIST_SPEC: ListSpec<GridMatterListField> = {
  name: '网格事项登记表',
  keyField: 'text',
  fields: [
    { field: 'seq', header: '序号', kind: 'seq', required: false, aliases: ['编号', '序'] },
    {
      field: 'org',
      header: '所属社区',
      kind: 'text',
      required: false,
      aliases: ['社区', '村', '所属村', '所属村（社区）', '村（社区）', '社区名称', '所属组织'],
      maxLength: 200,
    },
    { field: 'grid', header: '网格', kind: 'text', required: true, aliases: ['网格名称', '所属网格', '网格编号'] },
    {
      field: 'category',
      header: '类别',
      kind: 'text',
      required: true,
      aliases: ['事项类别', '事项类型', '类型', '分类'],
    },
    {
      field: 'text',
      header: '事项内容',
      kind: 'text',
      required: true,
      aliases: ['事项', '内容', '问题描述', '事项描述', '具体内容', '反映问题', '诉求内容'],
      maxLength: 2000,
    },
    {
      field: 'location',
      header: '地点',
      kind: 'text',
      required: false,
      aliases: ['位置', '发生地点', '具体位置', '地址', '楼栋'],
      maxLength: 200,
    },
    {
      field: 'reportedOn',
      header: '上报日期',
      kind: 'date',
      required: true,
      aliases: ['日期', '上报时间', '发现日期', '发现时间', '登记日期', '反映日期'],
    },
    { field: 'source', header: '来源', kind: 'text', required: false, aliases: ['事项来源', '发现方式'] },
    {
      field: 'residentName',
      header: '反映人',
      kind: 'text',
      required: false,
      aliases: ['群众姓名', '反映群众', '诉求人', '居民姓名'],
      maxLength: 50,
    },
    {
      field: 'residentPhone',
      header: '联系电话',
      kind: 'phone',
      required: false,
      aliases: ['电话', '联系方式', '手机号', '手机'],
    },
    ...GRID_MATTER_EXPORT_INFO.map(([field, header]) => ({
      field,
      header,
      kind: 'info' as const,
      required: false,
      aliases: [],
    })),
  ],
};

/** The category a cell names: its code or its Chinese name (folded), or the start of the text (安全隐患（燃气）). */
export function readGridCategory(text: string, categories: readonly GridCategoryRule[]): string | null {
  const s = foldChoice(text);
  if (s === '') return null;
  for (const c of categories) if (s === foldChoice(c.code) || s === foldChoice(c.zh)) return c.code;
  const hit = categories.filter((c) => s.startsWith(foldChoice(c.zh)));
  return hit.length === 1 ? hit[0]!.code : null;
}

const SOURCE_ALIASES: Record<GridMatterSource, readonly string[]> = {
  worker: ['网格员发现', '网格员', '巡查发现', '自行发现', '发现'],
  resident: ['群众反映', '群众', '居民反映', '村民反映', '来电', '来访', '群众来访'],
};

/** The source a cell names; empty: found by the 网格员. */
export function readGridSource(text: string): GridMatterSource | null | 'empty' {
  const s = foldChoice(text);
  if (s === '') return 'empty';
  for (const [k, names] of Object.entries(SOURCE_ALIASES) as [GridMatterSource, readonly string[]][]) {
    if (s === foldChoice(GRID_MATTER_SOURCE_LABELS[k].zh) || names.some((n) => foldChoice(n) === s)) return k;
  }
  return null;
}

export type GridMatterListRow = {
  org: string;
  grid: string;
  category: string;
  text: string;
  location: string;
  reportedOn: string;
  source: GridMatterSource;
  residentName: string;
  residentPhone: string;
};

type Issue = { field: GridMatterListField; msg: Msg };

/**
 * One row of the list read into a matter, or the problems of its cells (field and message), none hidden. The day
 * reported cannot be after today; a resident's name or phone makes the source 群众反映 when none is written.
 */
export function readGridMatterRow(
  cells: ReadonlyMap<GridMatterListField, GridCell | null>,
  today: string,
  categories: readonly GridCategoryRule[],
): { ok: true; row: GridMatterListRow } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const text = (f: GridMatterListField) =>
    cellText(cells.get(f)?.value ?? null)
      .replace(/\s+/g, ' ')
      .trim();
  const grid = text('grid');
  if (grid === '') issues.push({ field: 'grid', msg: msg('err.grid.import.gridMissing') });
  const categoryText = text('category');
  const category = readGridCategory(categoryText, categories);
  if (categoryText === '') issues.push({ field: 'category', msg: msg('err.grid.import.categoryMissing') });
  else if (category === null) {
    issues.push({
      field: 'category',
      msg: msg('err.grid.import.category', { text: categoryText, choices: categories.map((c) => c.zh) }),
    });
  }
  const body = cellText(cells.get('text')?.value ?? null).trim();
  if (body === '') issues.push({ field: 'text', msg: msg('err.grid.import.textMissing') });
  const reported = readDate(cells.get('reportedOn') ?? null);
  let reportedOn: string | null = null;
  if (!reported.ok) issues.push({ field: 'reportedOn', msg: reported.msg });
  else if (reported.value === null) issues.push({ field: 'reportedOn', msg: msg('err.grid.import.dateMissing') });
  else if (compareIso(reported.value, today) > 0) {
    issues.push({ field: 'reportedOn', msg: msg('err.grid.reportedOnFuture', { date: reported.value }) });
  } else reportedOn = reported.value;
  const residentName = text('residentName');
  const residentPhone = text('residentPhone').replace(/[\s-]/g, '');
  const sourceText = text('source');
  const read = readGridSource(sourceText);
  if (read === null) issues.push({ field: 'source', msg: msg('err.grid.import.source', { text: sourceText }) });
  if (residentPhone !== '' && !/^\+?\d{5,20}$/.test(residentPhone)) {
    issues.push({ field: 'residentPhone', msg: msg('err.grid.import.phone', { text: residentPhone }) });
  }
  for (const [f, max] of [
    ['text', 2000],
    ['location', 200],
    ['residentName', 50],
    ['org', 200],
    ['grid', 100],
  ] as const) {
    if ([...text(f)].length > max) issues.push({ field: f, msg: msg('err.life.import.tooLong', { max }) });
  }
  if (issues.length > 0 || category === null || reportedOn === null || read === null) return { ok: false, issues };
  return {
    ok: true,
    row: {
      org: text('org'),
      grid,
      category,
      text: body,
      location: text('location'),
      reportedOn,
      source: read === 'empty' ? (residentName !== '' || residentPhone !== '' ? 'resident' : 'worker') : read,
      residentName,
      residentPhone,
    },
  };
}
