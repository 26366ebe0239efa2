import ExcelJS from 'exceljs';
import { stars } from '../../../domain/assess/grading.ts';
import type { OfficialBlock, OfficialDoc } from '../../../domain/report/official-doc.ts';
import type { Ctx } from '../context.ts';
import { renderOfficialDocx, renderOfficialPdf } from '../report/report.service.ts';
import { getRoundResults } from './scoring.service.ts';

/**
 * A round's results as files (issue 12): the ranking as .xlsx in the usual layout (a title row, then 序号, 单位, each
 * first-level indicator, 加减分, 总分, 等次, 排名), and the result notice (关于…考核结果的通报) as .docx with the
 * official-document writer of the report area, and the same notice as a PDF (that layout converted by LibreOffice, as
 * the transfer letter is). All read the results answer, so they are seen by whoever sees the
 * results: the issuer's side at any time, the assessed and the scorers from 公示 on.
 */

type Results = Awaited<ReturnType<typeof getRoundResults>>;

const VETO = '一票否决';
const UNGRADED = '未评定';

const levelText = (level: number | null) => (level === null ? UNGRADED : stars(level));
const stamp = (today: string) => today.replaceAll('-', '');
/** The file names keep the round's name; a slash or another character a file system refuses becomes '_'. */
const safe = (s: string) => s.replace(/[\\/:*?"<>|\r\n]/g, '_');

/** The round's name as the title reads it: "…考核" once, whether or not the name ends with it. */
const assessName = (name: string) => (name.endsWith('考核') ? name : `${name}考核`);

/** The 排名 cell: the rank, or 一票否决 for an organisation vetoed (it ranks last and takes no place). */
export const rankText = (x: Results['results'][number]) => (x.vetoed ? VETO : x.rank);

export async function roundResultsXlsx(ctx: Ctx, id: number): Promise<{ filename: string; data: Buffer }> {
  const res = await getRoundResults(ctx, id);
  const { round, firstLevel, results } = res;
  const header = [
    '序号',
    '单位',
    ...firstLevel.map((i) => `${i.name}（${i.max}分）`),
    '加减分',
    '总分',
    '等次',
    '排名',
  ];
  const wb = new ExcelJS.Workbook();
  wb.creator = '落实 Luoshi';
  const ws = wb.addWorksheet('考核结果', { views: [{ state: 'frozen', ySplit: 2, xSplit: 2 }] });
  ws.mergeCells(1, 1, 1, header.length);
  const state = round.state === 'final' ? '' : '（公示稿）';
  ws.getCell(1, 1).value = `${round.orgName}${assessName(round.name)}结果${state}`;
  ws.getCell(1, 1).font = { name: '黑体', size: 16, bold: true };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.addRow(header);
  ws.getRow(2).font = { name: '黑体', bold: true };
  ws.getRow(2).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.columns = [
    { width: 6 },
    { width: 28 },
    ...firstLevel.map(() => ({ width: 12 })),
    { width: 9 },
    { width: 9 },
    { width: 9 },
    { width: 10 },
  ];
  results.forEach((x, i) => {
    const row = ws.addRow([
      i + 1,
      x.name,
      ...x.byFirstLevel.map((f) => f.points),
      x.bonus,
      x.total,
      levelText(x.level),
      rankText(x),
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
  });
  ws.addRow([]);
  ws.addRow([`排名规则：${res.tieBreak}`]);
  ws.addRow(['指标得分空白的：截至统计截止日没有应计事项，不计分，分值由同级已计分指标折算。']);
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  return { filename: `${safe(round.name)}-考核结果-${stamp(ctx.today)}.xlsx`, data };
}

/** The notice's body: the round, the counts per level, and the organisations by level (best first). */
export function noticeOf(res: Results, today: string): OfficialDoc {
  const { round, results } = res;
  const name = assessName(round.name);
  const final = round.state === 'final';
  const levels = [...new Set(results.map((x) => x.level))].sort((a, b) => (b ?? -1) - (a ?? -1));
  const vetoed = results.filter((x) => x.vetoed);
  const counts = levels
    .map((l) => `${levelText(l)} ${results.filter((x) => x.level === l).length} 个`)
    .join('，')
    .concat(vetoed.length > 0 ? `；其中一票否决 ${vetoed.length} 个` : '');
  const blocks: OfficialBlock[] = [
    {
      kind: 'paragraph',
      text: `根据年度考核工作安排，${round.orgName}组织开展了${name}，对 ${results.length} 个党组织进行了考核。经自评、上级评分和公示${final ? '，考核结果已经确定' : '（本通报为公示稿）'}，现将有关情况通报如下。`,
    },
    { kind: 'heading1', text: '总体情况' },
    { kind: 'paragraph', text: `参加考核的党组织共 ${results.length} 个，评定结果为：${counts}。` },
    { kind: 'heading1', text: '考核结果' },
  ];
  for (const l of levels) {
    const those = results.filter((x) => x.level === l);
    blocks.push(
      { kind: 'heading2', text: `${levelText(l)}（${those.length} 个）` },
      { kind: 'paragraph', text: `${those.map((x) => (x.vetoed ? `${x.name}（${VETO}）` : x.name)).join('、')}。` },
    );
  }
  blocks.push(
    { kind: 'heading1', text: '有关要求' },
    {
      kind: 'paragraph',
      text: '各党组织要对照考核结果查找差距，发扬成绩、补齐短板；被一票否决和评定等次靠后的党组织要认真分析原因，明确整改措施和完成时限，切实抓好整改落实。',
    },
  );
  return {
    issuer: round.orgName,
    title: `关于${name}结果的通报`,
    recipients: '各参加考核的党组织',
    body: blocks,
    signature: round.orgName,
    date: today,
  };
}

/** The result notice as .docx (Word, WPS) or PDF (the same layout through LibreOffice; 503 without it). */
export async function roundNotice(
  ctx: Ctx,
  id: number,
  format: 'docx' | 'pdf',
): Promise<{ filename: string; data: Buffer }> {
  const res = await getRoundResults(ctx, id);
  const doc = noticeOf(res, ctx.today);
  const data = format === 'pdf' ? await renderOfficialPdf(doc) : await renderOfficialDocx(doc);
  return { filename: `关于${safe(assessName(res.round.name))}结果的通报.${format}`, data };
}
