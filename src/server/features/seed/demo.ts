import { sql } from 'kysely';
import type { Database } from '../../db/client.ts';
import { generatePassword, hashPassword } from '../../auth/password.ts';

export type DemoOptions = { password: string | undefined; print: (line: string) => void };

/** On first start with an empty database, create the demo city and print its accounts once. */
export async function ensureDemo(database: Database, opts: DemoOptions): Promise<boolean> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from org`.execute(database.db);
  if (Number(rows[0]?.n ?? 0) > 0) return false;
  const password = opts.password ?? generatePassword();
  const hash = await hashPassword(password);
  await database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('org')
      .values({ id: 1, parent_id: null, path: '1', region_id: 1, code: 'C0001', name: '示范市委', type: 'committee', field: 'organ' })
      .execute();
    await trx
      .insertInto('app_user')
      .values({ username: 'admin', display_name: '系统管理员', password_hash: hash, role: 'sysadmin', org_id: 1 })
      .execute();
  });
  opts.print(`演示数据已创建。账号 admin，密码 ${password}`);
  return true;
}
