import { type FileHandle, open, rm } from 'node:fs/promises';
import type { BulkAccountsPlan } from '../../contracts/users.ts';
import { isRole, ROLE_LABELS, ROLES, type Role } from '../../domain/auth/roles.ts';
import { POSITION_TITLE_LABELS } from '../../domain/org/vocab.ts';
import { generatePassword } from '../../server/auth/password.ts';
import {
  type OpenedAccounts,
  openCommitteeAccounts,
  previewCommitteeAccounts,
} from '../../server/features/users/committee-accounts.service.ts';
import { createUser, listAllAccounts, resetPasswordByUsername } from '../../server/features/users/users.service.ts';
import { systemCtxForCode, withDatabase } from '../bootstrap.ts';
import { CliError, type Command, EXIT, parse, progressBar } from '../cli-kit.ts';

const usage = `luoshi user <list|add|passwd|bulk-secretaries> …（也可写作 luoshi users …）
  luoshi user list [--json]
      列出全部账号；--json 输出 [{ "username", "role", "scopeOrgId", "scopeOrgName" }]
  luoshi user add USERNAME --role ${ROLES.join('|')} --org 组织编码 [--name 显示名] [--person 人员ID] [--password 密码]
      新建账号；不给 --password 时生成随机密码并打印一次；密码须符合密码策略，账号首次登录后须修改
  luoshi user passwd USERNAME [--password 密码]
      重置密码并解除登录延时；不给 --password 时生成随机密码并打印一次；账号下次登录后须修改
  luoshi user bulk-secretaries --org 组织编码 [--organisers] --out 文件.xlsx [--dry-run] [--json]
      按班子记录为该组织及其下级每个组织的书记（--organisers 时连同组织委员）开通“书记/委员”账号，已有账号的跳过；
      初始密码随机生成、只写入 --out 指定的新文件（不覆盖已有文件，仅本人可读），首次登录后须修改。
      --dry-run 只列出将开通和跳过的人，不写入；--json 输出 { orgId, orgName, toCreate, skipped, rows, out }（不含密码）`;

const SKIP_LABELS: Record<string, string> = {
  has_account: '已有账号',
  second_post: '同一人已按另一职务开通',
  no_username: '可用的用户名均已被占用',
};

function printPlan(plan: BulkAccountsPlan): void {
  for (const r of plan.rows) {
    const post = POSITION_TITLE_LABELS[r.post].zh;
    const what = r.action === 'create' ? `开通 ${r.username}` : `跳过：${SKIP_LABELS[r.reason ?? ''] ?? r.reason}`;
    const had = r.action === 'skip' && r.username ? `（${r.username}）` : '';
    console.log(`  ${r.orgCode.padEnd(16)} ${r.orgName} ${post} ${r.personName}  ${what}${had}`);
  }
}

/** luoshi user bulk-secretaries: the accounts of the committees on record, their initial passwords to a new file. */
async function bulkSecretaries(rest: string[]): Promise<number> {
  const { values } = parse(rest, usage, {
    org: { type: 'string' },
    organisers: { type: 'boolean' },
    out: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (!values.org) throw new CliError(`缺少 --org 组织编码\n\n${usage}`);
  const dryRun = values['dry-run'] === true;
  if (!dryRun && !values.out) throw new CliError(`缺少 --out 文件.xlsx（初始密码写入此文件）\n\n${usage}`);
  const request = { includeOrganisers: values.organisers === true };

  if (dryRun) {
    const plan = await withDatabase('luoshi user bulk-secretaries', async (database, config) => {
      const { ctx, orgId } = await systemCtxForCode(database, config, values.org!);
      return previewCommitteeAccounts(ctx, { orgId, ...request });
    });
    if (values.json) console.log(JSON.stringify({ ...plan, out: null }, null, 2));
    else {
      printPlan(plan);
      console.log(`“${plan.orgName}”：将开通 ${plan.toCreate} 个账号，跳过 ${plan.skipped} 人（--dry-run，未写入）`);
    }
    return EXIT.ok;
  }

  // The file is made first (new, readable by its owner only): the passwords must have somewhere to go before the
  // accounts exist, since they are shown nowhere else.
  const out = values.out!;
  let file: FileHandle;
  try {
    file = await open(out, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === 'EEXIST' ? `文件已存在，不会覆盖：${out}` : `无法创建文件（${code}）：${out}`);
  }
  const bar: { current: ReturnType<typeof progressBar> | null } = { current: null };
  let opened: OpenedAccounts;
  try {
    opened = await withDatabase('luoshi user bulk-secretaries', async (database, config) => {
      const { ctx, orgId } = await systemCtxForCode(database, config, values.org!);
      return openCommitteeAccounts(
        ctx,
        { orgId, ...request },
        {
          limit: null,
          onProgress: (done, total) => {
            if (values.json) return;
            bar.current ??= progressBar('生成初始密码', total);
            bar.current.tick(done);
          },
        },
      );
    });
    bar.current?.done();
    await file.writeFile(opened.workbook);
  } catch (e) {
    await file.close();
    await rm(out, { force: true });
    throw e;
  }
  await file.close();
  const { plan } = opened;
  if (values.json) console.log(JSON.stringify({ ...plan, out }, null, 2));
  else {
    printPlan(plan);
    console.log(`“${plan.orgName}”：已开通 ${plan.toCreate} 个账号，跳过 ${plan.skipped} 人`);
    if (plan.toCreate > 0) {
      console.log(
        `初始密码已写入 ${out}（仅此一份，系统不保存明文）：请分别交给本人，分发后删除该文件；首次登录后须修改密码`,
      );
    }
  }
  return EXIT.ok;
}

export const userCommand: Command = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') throw new CliError(usage, EXIT.ok);
    if (sub === 'list') {
      const { values } = parse(rest, usage, { json: { type: 'boolean' } });
      const users = await withDatabase('luoshi user list', (database) => listAllAccounts(database.db));
      if (values.json) {
        console.log(
          JSON.stringify(
            users.map((u) => ({ username: u.username, role: u.role, scopeOrgId: u.org_id, scopeOrgName: u.org_name })),
          ),
        );
      } else {
        for (const u of users) {
          const role = isRole(u.role) ? ROLE_LABELS[u.role].zh : u.role;
          console.log(`${u.username.padEnd(20)} ${role.padEnd(8)} ${u.org_name}${u.disabled ? '（已停用）' : ''}`);
        }
        console.log(`共 ${users.length} 个账号`);
      }
      return EXIT.ok;
    }
    if (sub === 'add') {
      const { values, positionals } = parse(
        rest,
        usage,
        {
          role: { type: 'string' },
          org: { type: 'string' },
          name: { type: 'string' },
          person: { type: 'string' },
          password: { type: 'string' },
        },
        true,
      );
      const username = positionals[0];
      if (!username || !values.role || !values.org) throw new CliError(`缺少用户名、--role 或 --org\n\n${usage}`);
      if (!isRole(values.role)) throw new CliError(`角色应为 ${ROLES.join('、')} 之一`);
      const role: Role = values.role;
      const password = values.password ?? generatePassword();
      const user = await withDatabase('luoshi user add', async (database, config) => {
        const { ctx, orgId } = await systemCtxForCode(database, config, values.org!);
        return createUser(ctx, {
          username,
          displayName: values.name ?? username,
          role,
          orgId,
          personId: values.person ? Number(values.person) : null,
          password,
        });
      });
      console.log(`已创建账号 ${user.username}（${ROLE_LABELS[user.role].zh}，${user.orgName}）`);
      if (!values.password) console.log(`初始密码：${password}`);
      console.log('这是一次性的初始密码：账号首次登录后须修改');
      return EXIT.ok;
    }
    if (sub === 'passwd') {
      const { values, positionals } = parse(rest, usage, { password: { type: 'string' } }, true);
      const username = positionals[0];
      if (!username) throw new CliError(`缺少用户名\n\n${usage}`);
      const password = values.password ?? generatePassword();
      await withDatabase('luoshi user passwd', async (database, config) => {
        const user = await resetPasswordByUsername(
          database.db,
          username,
          password,
          new Date(),
          config.auditKey,
          config.taskRules,
        );
        if (!user) throw new CliError(`账号“${username}”不存在`, EXIT.failed);
      });
      console.log(`已重置 ${username} 的密码并解除登录延时${values.password ? '' : `，新密码：${password}`}`);
      console.log('这是一次性的密码：账号下次登录后须修改');
      return EXIT.ok;
    }
    if (sub === 'bulk-secretaries') return bulkSecretaries(rest);
    throw new CliError(usage);
  },
};
