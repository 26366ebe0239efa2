import { isRole, ROLE_LABELS, ROLES, type Role } from '../../domain/auth/roles.ts';
import { generatePassword } from '../../server/auth/password.ts';
import { createUser, listAllAccounts, resetPasswordByUsername } from '../../server/features/users/users.service.ts';
import { systemCtxForCode, withDatabase } from '../bootstrap.ts';
import { CliError, type Command, EXIT, parse } from '../cli-kit.ts';

const usage = `luoshi user <list|add|passwd> …
  luoshi user list [--json]
      列出全部账号；--json 输出 [{ "username", "role", "scopeOrgId", "scopeOrgName" }]
  luoshi user add USERNAME --role ${ROLES.join('|')} --org 组织编码 [--name 显示名] [--person 人员ID] [--password 密码]
      新建账号；不给 --password 时生成随机密码并打印一次；密码须符合密码策略，账号首次登录后须修改
  luoshi user passwd USERNAME [--password 密码]
      重置密码并解除登录延时；不给 --password 时生成随机密码并打印一次；账号下次登录后须修改`;

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
    throw new CliError(usage);
  },
};
