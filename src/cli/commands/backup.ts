import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { type Config, loadConfig } from '../../server/config.ts';
import { holdsData, type RunQuery, type TableChecksums, tableChecksums } from '../../server/db/checksums.queries.ts';
import { acquireDataDirLock } from '../../server/db/data-dir-lock.ts';
import { findPgBinDir } from '../../server/db/pg-binaries.ts';
import { CliError, type Command, EXIT, parse } from '../cli-kit.ts';

/**
 * Backup and restore. Embedded: the PGlite data directory as a gzip tarball (dumpDataDir), taken under the
 * data-dir lock so that it is consistent. PostgreSQL: pg_dump custom format / pg_restore --clean.
 */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  try {
    return path.join(findPgBinDir(), name);
  } catch {
    return name; // on PATH
  }
}

const liteQuery =
  (lite: PGlite): RunQuery =>
  async <R>(text: string) =>
    (await lite.query<R>(text)).rows;

/** Runs `fn` with a query runner on a PostgreSQL database. */
async function withPg<T>(url: string, fn: (query: RunQuery) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(async <R>(text: string) => (await client.query(text)).rows as R[]);
  } finally {
    await client.end();
  }
}

type Backup = { bytes: number; engine: string; tables: TableChecksums };

export async function backupTo(config: Config, file: string): Promise<Backup> {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    // The checksums and the dump read one snapshot: pg_dump runs with the snapshot this transaction exported.
    return withPg(url, async (query) => {
      await query('begin isolation level repeatable read');
      const [{ snapshot } = { snapshot: '' }] = await query<{ snapshot: string }>(
        'select pg_export_snapshot() as snapshot',
      );
      const tables = await tableChecksums(query);
      execFileSync(
        pgTool('pg_dump'),
        ['--format=custom', '--no-owner', `--snapshot=${snapshot}`, `--file=${file}`, url],
        { stdio: 'inherit' },
      );
      await query('commit');
      return { bytes: fs.statSync(file).size, engine: 'postgres', tables };
    });
  }
  const dir = path.join(config.dataDir, 'pglite');
  if (!fs.existsSync(dir)) throw new CliError(`嵌入式数据库不存在：${dir}`, EXIT.failed);
  const lock = acquireDataDirLock(config.dataDir, 'luoshi backup');
  try {
    const lite = await PGlite.create({ dataDir: dir, extensions: { ltree, pg_trgm } });
    const tables = await tableChecksums(liteQuery(lite));
    const dump = await lite.dumpDataDir('gzip');
    await lite.close();
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return { bytes: fs.statSync(file).size, engine: 'pglite', tables };
  } finally {
    lock.release();
  }
}

export async function restoreFrom(
  config: Config,
  file: string,
  force: boolean,
): Promise<{ engine: string; previous: string | null; tables: TableChecksums }> {
  if (!fs.existsSync(file)) throw new CliError(`备份文件不存在：${file}`, EXIT.usage);
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    if (!force && (await withPg(url, holdsData))) {
      throw new CliError('目标数据库中已有数据。加 --force 覆盖（pg_restore --clean 会先删除同名对象）。', EXIT.usage);
    }
    execFileSync(
      pgTool('pg_restore'),
      ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${url}`, file],
      { stdio: 'inherit' },
    );
    return { engine: 'postgres', previous: null, tables: await withPg(url, tableChecksums) };
  }
  const dir = path.join(config.dataDir, 'pglite');
  const lock = acquireDataDirLock(config.dataDir, 'luoshi restore');
  try {
    let previous: string | null = null;
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
      if (!force) {
        throw new CliError(
          `数据目录 ${dir} 中已有数据。加 --force 覆盖（原数据会移到旁边的备份目录，不会删除）。`,
          EXIT.usage,
        );
      }
      previous = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(dir, previous);
    }
    let tables: TableChecksums;
    try {
      const lite = await PGlite.create({
        dataDir: dir,
        extensions: { ltree, pg_trgm },
        loadDataDir: new Blob([fs.readFileSync(file)]),
      });
      tables = await tableChecksums(liteQuery(lite));
      await lite.close();
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      if (previous) fs.renameSync(previous, dir);
      throw new CliError(`恢复失败，原数据未改动：${(e as Error).message}`, EXIT.failed);
    }
    return { engine: 'pglite', previous, tables };
  } finally {
    lock.release();
  }
}

const backupUsage = `luoshi backup FILE [--json]
  备份数据库：嵌入式数据库导出为 .tar.gz；PostgreSQL（DATABASE_URL）用 pg_dump 自定义格式。服务器运行时嵌入式数据库无法备份（数据目录被占用）。`;
const restoreUsage = `luoshi restore FILE [--force] [--json]
  从备份恢复：嵌入式数据库（已有数据时须 --force，原数据移到旁边保留）；PostgreSQL 用 pg_restore --clean（已有数据时须 --force）。
  备份和恢复都打印每张表的行数和校验值：两边相同即恢复的内容与备份时一致。`;

function printTables(tables: TableChecksums): void {
  for (const [name, t] of Object.entries(tables))
    console.log(`  ${name.padEnd(28)} ${String(t.rows).padStart(9)} 行  ${t.md5}`);
}

export const backupCommand: Command = {
  usage: backupUsage,
  async run(args) {
    const { values, positionals } = parse(args, backupUsage, { json: { type: 'boolean' } }, true);
    const file = positionals[0];
    if (!file) throw new CliError(backupUsage);
    const r = await backupTo(await loadConfig(), path.resolve(file));
    if (values.json) return void console.log(JSON.stringify({ file: path.resolve(file), ...r }));
    console.log(
      `已备份（${r.engine}）到 ${path.resolve(file)}，${(r.bytes / 1024 / 1024).toFixed(1)} MB；各表校验值：`,
    );
    printTables(r.tables);
  },
};

export const restoreCommand: Command = {
  usage: restoreUsage,
  async run(args) {
    const { values, positionals } = parse(
      args,
      restoreUsage,
      { force: { type: 'boolean' }, json: { type: 'boolean' } },
      true,
    );
    const file = positionals[0];
    if (!file) throw new CliError(restoreUsage);
    const r = await restoreFrom(await loadConfig(), path.resolve(file), values.force ?? false);
    if (values.json) return void console.log(JSON.stringify({ file: path.resolve(file), ...r }));
    console.log(
      `已从 ${path.resolve(file)} 恢复（${r.engine}）${r.previous ? `；原数据保留在 ${r.previous}` : ''}；各表校验值：`,
    );
    printTables(r.tables);
  },
};
