import { todayIn } from '../../../domain/dates.ts';
import { generatePassword } from '../../auth/password.ts';
import type { Database } from '../../db/client.ts';
import type { FileStore } from '../../files/file-store.ts';
import { type DemoWorkResult, defaultSeedsDir, demoWorkLine, seedDemoWork } from './demo-work.ts';
import { hasAnyOrg } from './seed.queries.ts';
import { type SeedAccount, type SeedResult, seedCity } from './seed.service.ts';

export type DemoOptions = {
  password: string | undefined;
  print: (line: string) => void;
  /** The server's evidence store: the demo ledger gets a few files; none without a store. */
  files?: FileStore | null;
  /** The seed speeches; defaults to LUOSHI_SEEDS_DIR or ../shared/seeds beside the repository. */
  seedsDir?: string;
  /** The key the demo's audit rows are hashed with (the installation's). */
  auditKey: Buffer;
};

const ROLE_NAMES: Record<SeedAccount['role'], string> = {
  sysadmin: '系统管理员',
  orgadmin: '组织管理员',
  secretary: '书记',
  member: '党员',
};

/**
 * On first start with an empty database, seed the 'district' profile (青川市 with one district, ~500
 * organisations), then its work (the seed speeches as deployments, assignments and months of ledger:
 * seedDemoWork), and print its accounts once. Returns false, doing nothing, when organisations exist.
 * The work never fails the first start: missing speeches or an error leave a city without tasks, said so.
 */
export async function ensureDemo(database: Database, opts: DemoOptions): Promise<boolean> {
  if (await hasAnyOrg(database.db)) return false;
  const password = opts.password ?? generatePassword();
  const now = new Date();
  const today = todayIn(now);
  const result = await seedCity(database, 'district', {
    today,
    now,
    accountsPassword: password,
    // A password printed on the console is known to whoever saw it: each account replaces it at its first login.
    mustChangePassword: opts.password === undefined,
    actorName: '系统（首次启动演示数据）',
    auditKey: opts.auditKey,
  });
  let work: DemoWorkResult | string;
  try {
    work = await seedDemoWork(database, result, {
      today,
      seedsDir: opts.seedsDir ?? defaultSeedsDir(),
      files: opts.files ?? null,
      auditKey: opts.auditKey,
      onProgress: (p) => {
        if (p.step === 'start') opts.print(p.message);
      },
    });
  } catch (e) {
    work = `演示任务生成失败（不影响使用）：${e instanceof Error ? e.message : String(e)}`;
  }
  for (const line of demoBanner(result, opts.password === undefined, work)) opts.print(line);
  return true;
}

/** Terminal columns of a string: CJK and full-width characters take two. */
function widthOf(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

const padTo = (s: string, width: number): string => s + ' '.repeat(Math.max(1, width - widthOf(s)));

/**
 * The first-start notice: what was created, where to log in, the password and the main accounts. Kept
 * under ~25 lines: the administrator, the district administrators, a few town/street administrators,
 * the demo secretary and member; `luoshi user list` shows the rest.
 */
export function demoBanner(result: SeedResult, passwordGenerated: boolean, work?: DemoWorkResult | string): string[] {
  const n = (x: number) => x.toLocaleString('zh-CN');
  const districts = result.accounts.filter((a) => a.role === 'orgadmin' && /(^|-)qu\d+$/.test(a.username));
  const local = result.accounts.filter((a) => a.role === 'orgadmin' && /-(zhen|jd)\d+$/.test(a.username));
  const shown = [
    ...result.accounts.filter((a) => a.role === 'sysadmin'),
    ...districts.slice(0, 6),
    ...local.filter((a) => /-zhen\d+$/.test(a.username)).slice(0, 2),
    ...local.filter((a) => /-jd\d+$/.test(a.username)).slice(0, 1),
    ...result.accounts.filter((a) => a.role === 'secretary' || a.role === 'member'),
  ];
  const userWidth = Math.max(8, ...shown.map((a) => widthOf(a.username))) + 2;
  const rule = '─'.repeat(60);
  return [
    rule,
    `演示数据已创建：虚构的“${result.name}”，组织 ${n(result.orgs)} 个，人员 ${n(result.people)} 人，账号 ${n(result.users)} 个。`,
    ...(work === undefined ? [] : [typeof work === 'string' ? work : demoWorkLine(work)]),
    '服务启动后，用浏览器打开 http://localhost:<端口>（默认 3000）登录。',
    passwordGenerated
      ? `全部演示账号的初始密码：${result.password}    （只显示这一次，首次登录后须修改；可用 LUOSHI_DEMO_PASSWORD 指定）`
      : '全部演示账号的密码：环境变量 LUOSHI_DEMO_PASSWORD 所设的密码',
    '',
    `  ${padTo('账号', userWidth)}${padTo('角色', 12)}管理范围`,
    ...shown.map((a) => `  ${padTo(a.username, userWidth)}${padTo(ROLE_NAMES[a.role], 12)}${a.orgName}`),
    '',
    `共 ${n(result.users)} 个账号，luoshi user list 可查看全部账号。`,
    rule,
  ];
}
