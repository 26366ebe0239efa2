/**
 * Throughput of the outline parser: the seed speeches concatenated `times` times, parsed as one document
 * (one long text also shows that nothing in the parser grows faster than the text).
 * Also table-heavy generated text (flattened and tab-separated task tables, weekly schedules).
 * Run: node --import tsx bench/outline-parser.ts [times]
 */
import { toCnNumeral } from '../src/domain/deploy/numbering.ts';
import { parseOutline } from '../src/domain/deploy/outline-parser.ts';

/** MB here is 2^20 bytes of UTF-8, the size the text has in a file. */
export function benchParser(seedTexts: string[], times: number): { bytes: number; ms: number; mbPerSec: number } {
  const one = seedTexts.join('\n');
  const text = Array.from({ length: Math.max(1, times) }, () => one).join('\n');
  const bytes = new TextEncoder().encode(text).length;
  parseOutline(seedTexts[0] ?? ''); // warm-up: compile the scanners before timing
  const t0 = performance.now();
  parseOutline(text);
  const ms = performance.now() - t0;
  return { bytes, ms, mbPerSec: bytes / 2 ** 20 / (ms / 1000) };
}

/**
 * Table-heavy text: sections each holding a task table flattened to one cell per line (cells left out in some rows),
 * a weekly schedule without 序号 and a tab-separated table, with a paragraph of prose between them.
 */
export function tableHeavyText(sections: number): string {
  const parts: string[] = [];
  for (let s = 1; s <= sections; s++) {
    parts.push(
      `${toCnNumeral(s)}、第${s}部分重点任务`,
      '序号',
      '工作内容',
      '牵头单位',
      '配合单位',
      '责任人',
      '完成时限',
    );
    for (let r = 1; r <= 12; r++) {
      parts.push(String(r), `开展第${r}项基层党建重点工作，推动任务落实落地`, '县委组织部');
      if (r % 3 !== 0) parts.push('县民政局、县农业农村局');
      if (r % 4 === 0) parts.push('王某某');
      parts.push(`2027年${(r % 12) + 1}月底前`);
    }
    parts.push('各单位要高度重视，认真抓好任务落实，按要求报送进展情况。');
    parts.push('日期', '星期', '时间', '活动内容', '地点', '参加人员', '责任单位');
    for (let d = 1; d <= 5; d++) {
      parts.push(
        `12月${d}日`,
        '星期一',
        '上午9:00',
        '召开专题会议研究部署工作',
        '县委第一会议室',
        '县委常委',
        '县委办',
      );
      parts.push('下午3:00', '调研基层党建工作', '县委组织部');
    }
    parts.push('各单位要按照安排做好准备。', ['序号', '重点任务', '责任单位', '完成时间'].join('\t'));
    for (let r = 1; r <= 10; r++) parts.push([String(r), `推进第${r}项工作`, '县委办', '年底前'].join('\t'));
  }
  return parts.join('\n');
}

/** MB/s of the parser on table-heavy text of about `mb` MB. */
export function benchTables(mb: number): { bytes: number; ms: number; mbPerSec: number } {
  const one = tableHeavyText(10);
  const times = Math.max(1, Math.round((mb * 2 ** 20) / new TextEncoder().encode(one).length));
  const text = Array.from({ length: times }, () => one).join('\n');
  const bytes = new TextEncoder().encode(text).length;
  parseOutline(one);
  const t0 = performance.now();
  parseOutline(text);
  const ms = performance.now() - t0;
  return { bytes, ms, mbPerSec: bytes / 2 ** 20 / (ms / 1000) };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { readdirSync, readFileSync } = await import('node:fs');
  const path = await import('node:path');
  const seeds = path.resolve(import.meta.dirname, '../../shared/seeds');
  const texts = readdirSync(seeds)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(path.join(seeds, f), 'utf8'));
  const times = Number(process.argv[2] ?? 100);
  const r = benchParser(texts, times);
  console.log(
    `outline parser: ${texts.length} seeds × ${times} = ${(r.bytes / 2 ** 20).toFixed(2)} MB in ${r.ms.toFixed(0)} ms → ${r.mbPerSec.toFixed(2)} MB/s`,
  );
  const t = benchTables(8);
  console.log(
    `outline parser, table-heavy text: ${(t.bytes / 2 ** 20).toFixed(2)} MB in ${t.ms.toFixed(0)} ms → ${t.mbPerSec.toFixed(2)} MB/s`,
  );
}
