import { AppError } from '../../server/errors.ts';
import {
  hubStatus,
  publishForHub,
  publishHub,
  subscribeProvince,
  unsubscribeProvince,
} from '../../server/features/hub/hub.service.ts';
import { withDatabase } from '../bootstrap.ts';
import { CliError, type Command, EXIT, parse } from '../cli-kit.ts';

const usage = `luoshi hub publish [--json]          （省）刷新本省发布的汇总数（LUOSHI_REGION；服务器运行时定时刷新）
luoshi hub publication [--json]      （省）创建或更新发布 luoshi_hub（按本省区域编码过滤行；需 wal_level = logical）
luoshi hub subscribe --name 省份 --conninfo URL [--json]
                                     （全国）订阅一个省的发布（每省一个订阅，一省停机不影响其他省）
luoshi hub unsubscribe --name 省份 [--force] [--json]
                                     （全国）删除订阅及其在该省的复制槽；--force：该省无法连接时仍删除订阅
luoshi hub status [--json]           各订阅的状态、最后消息时间与延迟，各省最后发布时间；省库上的复制槽`;

const options = {
  json: { type: 'boolean' },
  name: { type: 'string' },
  conninfo: { type: 'string' },
  force: { type: 'boolean' },
} as const;

/** The national level on logical replication: a province publishes, the hub subscribes (docs/scale.md). */
export const hubCommand: Command = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') throw new CliError(usage, EXIT.ok);
    const subs = ['publish', 'publication', 'subscribe', 'unsubscribe', 'status'];
    if (!sub || !subs.includes(sub)) throw new CliError(usage);
    const { values } = parse(rest, usage, options);
    const json = values.json === true;
    const print = (r: unknown, text: () => string) => console.log(json ? JSON.stringify(r) : text());
    const command = `luoshi hub ${sub}`;

    if (sub === 'publish' || sub === 'publication') {
      return withDatabase(command, async (database, config) => {
        const region = config.hub.region;
        if (!region) throw AppError.of('BAD_REQUEST', 'err.hub.noRegion');
        if (sub === 'publish') {
          const r = await publishHub(database.db, { region, depth: config.hub.depth }, new Date());
          print(
            r,
            () =>
              `已发布区域 ${r.region} 的汇总数：组织 ${r.orgs} 个（变化 ${r.upserted}，删除 ${r.deleted}），党员 ${r.members} 名`,
          );
          return EXIT.ok;
        }
        const r = await publishForHub(database, region);
        print(r, () =>
          [
            `发布 ${r.publication} 已${r.action === 'created' ? '创建' : '更新'}：`,
            ...r.tables.map((t) => `  ${t.table}  ${t.filter ?? ''}`),
          ].join('\n'),
        );
        return EXIT.ok;
      });
    }

    if (sub === 'subscribe' || sub === 'unsubscribe') {
      const name = values.name;
      if (!name) throw new CliError(`缺少 --name\n\n${usage}`);
      if (sub === 'subscribe') {
        const conninfo = values.conninfo;
        if (!conninfo) throw new CliError(`缺少 --conninfo\n\n${usage}`);
        return withDatabase(command, async (database) => {
          await subscribeProvince(database, name, conninfo);
          print({ name, subscribed: true }, () => `已订阅省份 ${name}（订阅 luoshi_hub_${name}）`);
          return EXIT.ok;
        });
      }
      return withDatabase(command, async (database) => {
        const r = await unsubscribeProvince(database, name, { force: values.force === true });
        print({ name, ...r }, () =>
          r.slotDropped
            ? `已删除省份 ${name} 的订阅及其复制槽`
            : `已删除省份 ${name} 的订阅；其复制槽 luoshi_hub_${name} 仍在该省数据库上，请在该省执行 select pg_drop_replication_slot('luoshi_hub_${name}')`,
        );
        return EXIT.ok;
      });
    }

    return withDatabase(command, async (database) => {
      const r = await hubStatus(database, new Date());
      const ago = (s: number | null) => (s === null ? '—' : `${s.toFixed(1)} 秒前`);
      print(r, () =>
        [
          `订阅 ${r.subscriptions.length} 个：`,
          ...r.subscriptions.map(
            (s) =>
              `  ${s.name.padEnd(16)} ${s.enabled ? (s.running ? '运行中' : '未连接') : '已停用'}  最后消息 ${ago(s.lag_seconds)}`,
          ),
          `各省最后发布：`,
          ...r.regions.map((g) => `  ${g.region.padEnd(8)} ${g.name}  ${ago(g.ageSeconds)}`),
          ...(r.slots.length > 0
            ? ['本库的复制槽：', ...r.slots.map((s) => `  ${s.slot}  ${s.active ? '已连接' : '未连接'}`)]
            : []),
        ].join('\n'),
      );
      return EXIT.ok;
    });
  },
};
