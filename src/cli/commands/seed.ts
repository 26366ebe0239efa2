import { passwordProblem } from '../../domain/auth/password-policy.ts';
import { todayIn } from '../../domain/dates.ts';
import { keyAuditChainAfterMigrations } from '../../server/auth/audit.ts';
import { resolveAuditKey } from '../../server/auth/audit-key.ts';
import { generatePassword } from '../../server/auth/password.ts';
import { loadConfig } from '../../server/config.ts';
import { openConfiguredDatabase } from '../../server/db/configured.ts';
import { migrate } from '../../server/db/migrate.ts';
import { SEED_PROFILES, type SeedProfile } from '../../server/features/seed/generate-types.ts';
import { type SeedPhase, seedCity } from '../../server/features/seed/seed.service.ts';
import { CliError, type Command, parse, progressBar } from '../cli-kit.ts';

const PHASE_LABELS: Record<SeedPhase, string> = {
  orgs: '写入组织',
  people: '写入人员',
  positions: '写入班子职务',
  indexes: '重建索引',
  users: '写入账号',
};

const usage = `luoshi seed --profile district|city|province [--password 密码] [--json]
  生成演示数据：虚构的“青川市”（或“青岚省”）的组织树、党员和入党积极分子、班子职务和演示账号。
    district   约 500 个组织、2 万人（首次启动时自动生成的就是它）
    city       约 1.5 万个组织、60 万人
    province   约 30 万个组织、600 万人（嵌入式数据库需数分钟，建议用 PostgreSQL）
  数据库中已有组织时照样可以生成：新城市的组织编码加前缀 S<首个组织ID>-，账号加前缀 s<首个组织ID>-。
  账号：admin（系统管理员）；qu01（区组织管理员）、qu01-zhen03（镇）、qu01-jd02（街道）；
        province 另有 shi01、shi01-qu01 …；演示书记 shuji 与党员 dangyuan。
  密码：--password，否则 LUOSHI_DEMO_PASSWORD，否则随机生成并显示（所有演示账号共用）。
  服务器运行时嵌入式数据目录被占用，请先停止服务器（或使用 DATABASE_URL 指向的 PostgreSQL）。`;

export const seedCommand: Command = {
  usage,
  async run(args) {
    const { values } = parse(args, usage, {
      profile: { type: 'string' },
      password: { type: 'string' },
      json: { type: 'boolean' },
    });
    const profile = values.profile as SeedProfile | undefined;
    if (!profile || !SEED_PROFILES.includes(profile)) {
      throw new CliError(`请用 --profile 指定 ${SEED_PROFILES.join('、')} 之一\n\n${usage}`);
    }
    if (values.password !== undefined) {
      const problem = passwordProblem(values.password);
      if (problem) throw new CliError(`--password：${problem}`);
    }
    const config = await loadConfig();
    const given = values.password ?? config.demoPassword;
    const password = given ?? generatePassword();

    const database = await openConfiguredDatabase(config, 'luoshi seed');
    try {
      const auditKey = resolveAuditKey(config);
      const { applied } = await migrate(database.db);
      await keyAuditChainAfterMigrations(database.db, auditKey, applied, new Date());
      // One bar per phase (组织 → 人员 → 职务 → 账号), each finished when the next begins.
      const shown: { phase: SeedPhase | null; bar: ReturnType<typeof progressBar> | null } = { phase: null, bar: null };
      const result = await seedCity(database, profile, {
        today: todayIn(new Date()),
        now: new Date(),
        accountsPassword: password,
        mustChangePassword: given === undefined,
        actorName: 'luoshi seed',
        auditKey,
        onProgress(done, total, phase) {
          if (phase !== shown.phase) {
            shown.bar?.done();
            shown.phase = phase;
            shown.bar = progressBar(PHASE_LABELS[phase], total);
          }
          shown.bar?.tick(done);
        },
      });
      shown.bar?.done();

      const rows = result.orgs + result.people + result.positions + result.users;
      const seconds = result.elapsedMs / 1000;
      const rowsPerSecond = Math.round(rows / Math.max(seconds, 0.001));
      if (values.json) {
        console.log(
          JSON.stringify({
            profile: result.profile,
            name: result.name,
            rootOrgId: result.rootOrgId,
            codePrefix: result.codePrefix,
            orgs: result.orgs,
            people: result.people,
            positions: result.positions,
            users: result.users,
            elapsedMs: result.elapsedMs,
            rowsPerSecond,
            adminUsername: result.accounts.find((a) => a.role === 'sysadmin')?.username ?? null,
            // Printed only when it was generated here: a given password is the caller's own secret.
            ...(given === undefined ? { password } : {}),
          }),
        );
      } else {
        const n = (x: number) => x.toLocaleString('zh-CN');
        const admin = result.accounts.find((a) => a.role === 'sysadmin');
        console.log(
          `已生成“${result.name}”（${profile}）：组织 ${n(result.orgs)} 个，人员 ${n(result.people)} 人，` +
            `班子职务 ${n(result.positions)} 个，账号 ${n(result.users)} 个`,
        );
        console.log(`用时 ${seconds.toFixed(1)} 秒，约 ${n(rowsPerSecond)} 行/秒（${database.where}）`);
        if (result.codePrefix) console.log(`数据库中已有组织：本次的组织编码和账号均加前缀 ${result.codePrefix}`);
        console.log(`系统管理员账号：${admin?.username ?? '—'}；luoshi user list 可查看全部账号`);
        console.log(
          given === undefined
            ? `全部演示账号的初始密码：${password}（只显示这一次，首次登录后须修改）`
            : '全部演示账号的密码：指定的密码',
        );
      }
    } finally {
      await database.close();
    }
  },
};
