import { sql } from 'kysely';
import { ROLE_LABELS, ROLES, isRole, type Role } from '../../domain/auth/roles.ts';
import { todayIn } from '../../domain/dates.ts';
import { generatePassword } from '../../server/auth/password.ts';
import { systemScope } from '../../server/auth/scope.ts';
import { loadConfig } from '../../server/config.ts';
import type { Database } from '../../server/db/client.ts';
import { migrate } from '../../server/db/migrate.ts';
import type { Ctx } from '../../server/features/context.ts';
import { createUser, updateUser } from '../../server/features/users/users.service.ts';
import { openConfiguredDatabase } from '../../server/main.ts';
import { configureTaskRules } from '../../server/features/tasks/task-rules.ts';
import { CliError, EXIT, parse, type Command } from '../cli-kit.ts';

export async function withDatabase<T>(command: string, fn: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  configureTaskRules(config.taskRules);
  const database = await openConfiguredDatabase(config, command);
  try {
    await migrate(database.db);
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** The CLI acts as the system administrator of the tree that holds `orgId`. */
export async function systemCtxForOrg(database: Database, orgId: number): Promise<Ctx> {
  const { rows } = await sql<{ root_id: number; root_path: string }>`
    select r.id as root_id, r.path::text as root_path from org o join org r on r.path = subpath(o.path, 0, 1)
    where o.id = ${orgId}`.execute(database.db);
  const root = rows[0];
  if (!root) throw new CliError(`组织不存在（ID ${orgId}）`, EXIT.failed);
  const now = new Date();
  return { db: database.db, now, today: todayIn(now), actor: systemScope(root.root_path, root.root_id) };
}

export async function orgIdByCode(database: Database, code: string): Promise<number> {
  const org = await database.db.selectFrom('org').select('id').where('code', '=', code).executeTakeFirst();
  if (!org) throw new CliError(`找不到组织编码“${code}”`, EXIT.failed);
  return org.id;
}

const usage = `luoshi user <list|add|passwd> …
  luoshi user list [--json]
      列出全部账号；--json 输出 [{ "username", "role", "scopeOrgId", "scopeOrgName" }]
  luoshi user add USERNAME --role ${ROLES.join('|')} --org 组织编码 [--name 显示名] [--person 人员ID] [--password 密码]
      新建账号；不给 --password 时生成随机密码并打印一次
  luoshi user passwd USERNAME [--password 密码]
      重置密码并解锁；不给 --password 时生成随机密码并打印一次`;

export const userCommand: Command = {
  summary: '账号管理：list / add / passwd',
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') throw new CliError(usage, EXIT.ok);
    if (sub === 'list') {
      const { values } = parse(rest, usage, { json: { type: 'boolean' } });
      const users = await withDatabase('luoshi user list', (database) =>
        database.db
          .selectFrom('app_user as u')
          .innerJoin('org as o', 'o.id', 'u.org_id')
          .select(['u.username', 'u.role', 'u.org_id', 'o.name as org_name', 'u.disabled'])
          .orderBy(sql`o.path`)
          .orderBy('u.username')
          .execute(),
      );
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
      const user = await withDatabase('luoshi user add', async (database) => {
        const orgId = await orgIdByCode(database, values.org!);
        const ctx = await systemCtxForOrg(database, orgId);
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
      return EXIT.ok;
    }
    if (sub === 'passwd') {
      const { values, positionals } = parse(rest, usage, { password: { type: 'string' } }, true);
      const username = positionals[0];
      if (!username) throw new CliError(`缺少用户名\n\n${usage}`);
      const password = values.password ?? generatePassword();
      await withDatabase('luoshi user passwd', async (database) => {
        const user = await database.db
          .selectFrom('app_user')
          .select(['id', 'org_id'])
          .where('username', '=', username)
          .executeTakeFirst();
        if (!user) throw new CliError(`账号“${username}”不存在`, EXIT.failed);
        const ctx = await systemCtxForOrg(database, user.org_id);
        await updateUser(ctx, user.id, { password, unlock: true });
      });
      console.log(`已重置 ${username} 的密码并解锁${values.password ? '' : `，新密码：${password}`}`);
      return EXIT.ok;
    }
    throw new CliError(usage);
  },
};
