import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeText } from '../../domain/deploy/decode.ts';
import { type NodeKind, type OutlineNode, parseOutline, toOutlineJson } from '../../domain/deploy/outline-parser.ts';
import { CliError, type Command, EXIT, parse } from '../cli-kit.ts';

const USAGE = `luoshi deploy parse FILE [--json]
  解析讲话稿或文件（.txt，UTF-8 或 GB18030 自动识别），输出提纲：标题、各级标题、任务/问题、
  量化目标、时限、责任单位，以及被剔除的广告、转载声明、页码等内容。
  --json  输出稳定的 JSON 结构 { title, removed, nodes }，供脚本使用

luoshi deploy delete ID --org 组织编码 [--json]
  删除一份草稿部署（已确认的部署不能删除）；删除记入审计日志，保留其标题和提纲条目数。
  --org   以该组织所在组织树的系统管理员身份执行（部署须在该组织树内）
  --json  输出 { deploymentId, title, items }`;

const KIND_LABELS: Record<NodeKind, string> = { section: '章节', task: '任务', problem: '问题', principle: '原则' };

export const deployCommand: Command = {
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') {
      console.log(USAGE);
      return EXIT.ok;
    }
    if (sub === 'delete') return deleteDraft(rest);
    if (sub !== 'parse') throw new CliError(`${sub ? `未知子命令：${sub}` : '缺少子命令'}\n\n${USAGE}`, EXIT.usage);
    const { values, positionals } = parse(rest, USAGE, { json: { type: 'boolean' } }, true);
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new CliError(`请指定一个要解析的文件\n\n${USAGE}`, EXIT.usage);
    if (path.extname(file).toLowerCase() === '.docx') {
      throw new CliError(
        '本命令暂不支持 .docx 文件：请在网页端“导入部署”界面上传 .docx，或先另存为 .txt 再解析。',
        EXIT.usage,
      );
    }
    const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
      const why =
        e.code === 'ENOENT'
          ? '文件不存在'
          : e.code === 'EISDIR'
            ? '这是一个目录'
            : `无法读取（${e.code ?? e.message}）`;
      throw new CliError(`${why}：${file}`, EXIT.usage);
    });
    const { text, encoding } = decodeText(bytes);
    const outline = parseOutline(text);
    if (values.json) {
      console.log(JSON.stringify(toOutlineJson(outline), null, 2));
      return EXIT.ok;
    }
    console.log(
      `标题：${outline.title ?? '（未识别）'}${outline.date ? `    日期：${outline.date}` : ''}    编码：${encoding}`,
    );
    if (outline.removed.length > 0) {
      console.log(`\n已剔除 ${outline.removed.length} 处：`);
      for (const r of outline.removed) console.log(`  [${r.reason}] ${r.text}`);
    }
    console.log('\n提纲：');
    if (outline.nodes.length === 0) console.log('  （未识别出编号标题）');
    for (const node of outline.nodes) printNode(node, 1);
    return EXIT.ok;
  },
};

/** `deploy delete ID --org CODE`: the service the web app's 删除草稿 calls; the server's modules load only here. */
async function deleteDraft(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, USAGE, { org: { type: 'string' }, json: { type: 'boolean' } }, true);
  const raw = positionals[0];
  const id = Number(raw);
  if (!raw || positionals.length > 1 || !Number.isSafeInteger(id) || id <= 0) {
    throw new CliError(`请指定一个部署 ID（正整数）\n\n${USAGE}`, EXIT.usage);
  }
  if (!values.org) throw new CliError(`缺少 --org 组织编码\n\n${USAGE}`, EXIT.usage);
  const { systemCtxForCode, withDatabase } = await import('../bootstrap.ts');
  const { deleteDeployment } = await import('../../server/features/deploy/deploy.service.ts');
  const result = await withDatabase('luoshi deploy delete', async (database, config) => {
    const { ctx } = await systemCtxForCode(database, config, values.org!);
    return deleteDeployment(ctx, id);
  });
  if (values.json) console.log(JSON.stringify(result));
  else console.log(`已删除草稿“${result.title}”（ID ${result.deploymentId}，提纲 ${result.items} 条），已记入审计日志`);
  return EXIT.ok;
}

function printNode(node: OutlineNode, depth: number): void {
  const pad = '  '.repeat(depth);
  const numbering = node.numbering || '·';
  console.log(`${pad}${numbering} ${node.heading || '（无标题）'}  〔${KIND_LABELS[node.kind]}〕`);
  const facts: string[] = [];
  if (node.targets.length > 0)
    facts.push(`目标：${node.targets.map((t) => `${t.value}${t.unit}（${t.text}）`).join('；')}`);
  if (node.deadlines.length > 0) facts.push(`时限：${node.deadlines.map((d) => d.text).join('、')}`);
  if (node.bodies.length > 0) facts.push(`责任：${node.bodies.join('、')}`);
  if (node.lead.length > 0) facts.push(`牵头：${node.lead.join('、')}`);
  if (node.cooperating.length > 0) facts.push(`配合：${node.cooperating.join('、')}`);
  if (node.persons.length > 0) facts.push(`责任人：${node.persons.join('、')}`);
  for (const f of facts) console.log(`${pad}    ${f}`);
  for (const child of node.children) printNode(child, depth + 1);
}
