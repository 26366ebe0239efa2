import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { secretaryListQuery } from '../../../contracts/cadre.ts';
import type { poolListQuery, structureQuery } from '../../../contracts/cadre-pool.ts';
import type { FilingStatus } from '../../../domain/cadre/secretary-filing.ts';
import { POSITION_TITLE_LABELS } from '../../../domain/org/vocab.ts';
import { EDUCATION_LABELS, GENDER_LABELS, VILLAGE_COMMITTEE_POST_LABELS } from '../../../domain/people/vocab.ts';
import type { Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { listSecretaries } from './cadre.service.ts';
import { listPool } from './pool.service.ts';
import { structureReport } from './structure.service.ts';

/**
 * The cadre area's lists as .xlsx in the usual layout of a 台账 (a title row naming the organisation and the day, a
 * bold header, one row per village, person or team): 村党组织书记备案台账, 年轻干部信息库, 领导班子结构分析表 (with a
 * second sheet of the cadres whose term ends within a year). Filters as the lists'.
 */

const STATUS_ZH: Record<FilingStatus, string> = {
  noSecretary: '书记空缺',
  filed: '已备案',
  pending: '待审核',
  returned: '已退回',
  due: '待备案',
  missing: '逾期未备案',
  expired: '备案已到期',
  stale: '书记已变动',
};
const LEVEL_ZH: Record<string, string> = { committee: '党委', village: '村', community: '社区', branch: '其他支部' };
const FINDING_ZH: Record<string, string> = {
  noWoman: '女干部不足',
  noYoung: '年轻干部不足',
  meanAgeHigh: '平均年龄偏大',
};
const RECORD_ZH: Record<string, string> = { secondment: '挂职', rotation: '轮岗', training: '培训', exit: '退出' };

const safe = (s: string) => s.replace(/[\\/:*?"<>|\r\n]/g, '_');
const pct = (r: number | null) => (r === null ? '' : `${Math.round(r * 1000) / 10}%`);

function sheet(wb: ExcelJS.Workbook, name: string, title: string, header: string[], widths: number[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.mergeCells(1, 1, 1, header.length);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { name: '黑体', size: 16, bold: true };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.addRow(header);
  ws.getRow(2).font = { name: '黑体', bold: true };
  ws.getRow(2).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

async function done(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function secretariesXlsx(
  ctx: Ctx,
  q: z.infer<typeof secretaryListQuery>,
): Promise<{ filename: string; data: Buffer }> {
  const org = await getOrg(ctx, q.orgId);
  const list = await listSecretaries(ctx, q);
  const wb = new ExcelJS.Workbook();
  wb.creator = '落实 Luoshi';
  const header = [
    '序号',
    '上级组织',
    '村党组织',
    '书记',
    '任职日期',
    '村（居）委会职务',
    '一肩挑',
    '备案状态',
    '应备案日期',
    '备案任期至',
    '审核单位',
    '审核日期',
    '退回理由',
  ];
  const ws = sheet(
    wb,
    '书记备案',
    `${org.name}村党组织书记备案台账（${ctx.today}）`,
    header,
    [6, 18, 22, 10, 12, 16, 8, 12, 12, 12, 20, 12, 30],
  );
  list.items.forEach((r, i) => {
    ws.addRow([
      i + 1,
      r.parentName ?? '',
      r.orgName,
      r.secretaryName ?? '',
      r.startedOn ?? '',
      r.villageCommitteePost
        ? (VILLAGE_COMMITTEE_POST_LABELS[r.villageCommitteePost as keyof typeof VILLAGE_COMMITTEE_POST_LABELS]?.zh ??
          '')
        : '',
      r.oneShoulder ? '是' : '否',
      STATUS_ZH[r.status],
      r.dueOn ?? '',
      r.filing?.decision === 'approved' ? r.filing.termEnd : '',
      r.filing?.deciderOrgName ?? '',
      r.filing?.decidedOn ?? '',
      r.filing?.decision === 'returned' ? (r.filing.reason ?? '') : '',
    ]);
  });
  const t = list.totals;
  ws.addRow([]);
  ws.addRow([
    '',
    `合计：村 ${t.villages} 个，有书记 ${t.withSecretary} 个，一肩挑 ${t.oneShoulder} 个（${pct(t.ratio)}），已备案 ${t.byStatus.filed} 个，需处理 ${t.alerts} 个`,
  ]);
  return {
    filename: safe(`${org.name}村党组织书记备案台账${ctx.today.replaceAll('-', '')}.xlsx`),
    data: await done(wb),
  };
}

export async function poolXlsx(
  ctx: Ctx,
  q: z.infer<typeof poolListQuery>,
): Promise<{ filename: string; data: Buffer }> {
  const org = await getOrg(ctx, q.orgId);
  const list = await listPool(ctx, q);
  const wb = new ExcelJS.Workbook();
  wb.creator = '落实 Luoshi';
  const header = [
    '序号',
    '姓名',
    '性别',
    '年龄',
    '学历',
    '所在单位',
    '类别',
    '入库日期',
    '推荐单位',
    '推荐理由',
    '状态',
    '培养锻炼经历',
    '退出日期',
    '退出原因',
  ];
  const ws = sheet(
    wb,
    '年轻干部信息库',
    `${org.name}年轻干部信息库（${ctx.today}）`,
    header,
    [6, 10, 6, 6, 10, 22, 16, 12, 18, 36, 8, 44, 12, 24],
  );
  list.items.forEach((e, i) => {
    const records = e.records
      .filter((r) => r.kind !== 'exit')
      .map((r) => `${RECORD_ZH[r.kind] ?? r.kind}：${r.place}（${r.fromOn}${r.toOn ? `至${r.toOn}` : '起'}）`)
      .join('；');
    const row = ws.addRow([
      i + 1,
      e.name,
      e.gender ? GENDER_LABELS[e.gender].zh : '',
      e.age ?? '',
      e.education ? EDUCATION_LABELS[e.education].zh : '',
      e.orgName,
      e.categoryName,
      e.nominatedOn,
      e.nominatorOrgName,
      e.reasons,
      e.status === 'active' ? '在库' : '已退出',
      records,
      e.exitedOn ?? '',
      e.exitReason ?? '',
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
  });
  return { filename: safe(`${org.name}年轻干部信息库${ctx.today.replaceAll('-', '')}.xlsx`), data: await done(wb) };
}

export async function structureXlsx(
  ctx: Ctx,
  q: z.infer<typeof structureQuery>,
): Promise<{ filename: string; data: Buffer }> {
  const org = await getOrg(ctx, q.orgId);
  const r = await structureReport(ctx, q);
  const wb = new ExcelJS.Workbook();
  wb.creator = '落实 Luoshi';
  const g = r.rules.ageGradient;
  const header = [
    '序号',
    '单位',
    '上级组织',
    '层级',
    '班子人数',
    `${g.youngMax}岁及以下`,
    `${g.youngMax + 1}-${g.middleMax}岁`,
    `${g.middleMax + 1}岁及以上`,
    '年龄不详',
    '平均年龄',
    '年轻干部',
    '年轻干部占比',
    '女干部',
    '女干部占比',
    '连任',
    '不符合结构要求',
    '任期届满',
    '换届提醒日期',
  ];
  const ws = sheet(
    wb,
    '班子结构',
    `${org.name}领导班子结构分析表（年龄计至${r.on}）`,
    header,
    [6, 22, 18, 8, 8, 10, 10, 10, 8, 8, 8, 10, 8, 10, 6, 24, 12, 12],
  );
  r.items.forEach((t, i) => {
    ws.addRow([
      i + 1,
      t.orgName,
      t.parentName ?? '',
      LEVEL_ZH[t.level] ?? t.level,
      t.size,
      t.byGroup.young ?? 0,
      t.byGroup.middle ?? 0,
      t.byGroup.old ?? 0,
      t.unknownAge,
      t.meanAge === null ? '' : Math.round(t.meanAge * 10) / 10,
      t.young,
      pct(t.youngShare),
      t.women,
      pct(t.womenShare),
      t.returning,
      t.findings.map((f) => FINDING_ZH[f] ?? f).join('、'),
      t.plan?.dueOn ?? '',
      t.plan?.remindOn ?? '',
    ]);
  });
  const ending = sheet(
    wb,
    '任期届满',
    `${org.name}一年内任期届满的班子成员（自${r.on}起）`,
    ['序号', '单位', '姓名', '职务', '届满日期'],
    [6, 24, 10, 12, 12],
  );
  r.ending.forEach((e, i) => {
    ending.addRow([i + 1, e.orgName, e.name, POSITION_TITLE_LABELS[e.title].zh, e.dueOn]);
  });
  return { filename: safe(`${org.name}领导班子结构分析表${r.on.replaceAll('-', '')}.xlsx`), data: await done(wb) };
}
