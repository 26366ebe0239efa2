import type { RuleEntry } from '../../domain/rules/catalog.ts';
import { ruleCatalog } from '../../domain/rules/catalog.ts';
import { catalogFor } from '../../server/features/rules/rules.service.ts';
import { systemCtxForCode, withDatabase } from '../bootstrap.ts';
import { CliError, type Command, EXIT, parse } from '../cli-kit.ts';

const usage = `luoshi rules list [--json] [--area 领域] [--date YYYY-MM-DD] [--org 编码]
                                     平台检查的全部规则：编号、领域、摘要、参数、依据（文件、条款）、标注（C 已核实 / S 次要来源或地方规定）、生效日期；
                                     给出 --org 时按该组织适用的地方规定（local：制定组织、文件、理由）`;

const options = {
  json: { type: 'boolean' },
  area: { type: 'string' },
  date: { type: 'string' },
  org: { type: 'string' },
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
    if (values.org) {
      return withDatabase('luoshi rules list', async (database, config) => {
        const { ctx, orgId } = await systemCtxForCode(database, config, values.org!);
        print(await catalogFor(ctx, { orgId, date: values.date, area: values.area }), values.json === true);
        return EXIT.ok;
      });
    }
    print(
      ruleCatalog(values.date).filter((r) => !values.area || r.area === values.area),
      values.json === true,
    );
    return EXIT.ok;
  },
};

function print(list: (RuleEntry & { local?: { orgName: string; document: string } })[], json: boolean): void {
  if (json) {
    console.log(JSON.stringify(list));
    return;
  }
  for (const r of list) {
    const where = r.article ? `${r.source}${r.article}` : r.source;
    const local = r.local ? `（地方规定：${r.local.orgName}）` : '';
    console.log(`${r.id}  [${r.area}] [${r.tag}]  ${r.summary}${local}\n    依据：${where}（${r.effectiveFrom} 起）`);
  }
  console.log(`共 ${list.length} 条规则（规则集 ${list[0]?.ruleSet ?? '—'}）`);
}
