import { ruleCatalog } from '../../domain/rules/catalog.ts';
import { CliError, type Command, EXIT, parse } from '../cli-kit.ts';

const usage = `luoshi rules list [--json] [--area 领域] [--date YYYY-MM-DD]
                                     平台检查的全部规则：编号、领域、摘要、参数、依据（文件、条款）、标注（C 已核实 / S 次要来源或地方规定）、生效日期`;

const options = {
  json: { type: 'boolean' },
  area: { type: 'string' },
  date: { type: 'string' },
} as const;

/** The rule set, visible: `luoshi rules list --json` prints [{ id, area, summary, params, source, tag, effectiveFrom }]. */
export const rulesCommand: Command = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') throw new CliError(usage, EXIT.ok);
    if (sub !== 'list') throw new CliError(usage);
    const { values } = parse(rest, usage, options);
    if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
      throw new CliError(`--date 应为“年-月-日”，如 2026-03-01\n\n${usage}`);
    }
    const list = ruleCatalog(values.date).filter((r) => !values.area || r.area === values.area);
    if (values.json) {
      console.log(JSON.stringify(list));
      return EXIT.ok;
    }
    for (const r of list) {
      const where = r.article ? `${r.source}${r.article}` : r.source;
      console.log(`${r.id}  [${r.area}] [${r.tag}]  ${r.summary}\n    依据：${where}（${r.effectiveFrom} 起）`);
    }
    console.log(`共 ${list.length} 条规则（规则集 ${list[0]?.ruleSet ?? '—'}）`);
    return EXIT.ok;
  },
};
