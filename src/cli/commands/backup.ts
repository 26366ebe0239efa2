import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type Config, loadConfig } from '../../server/config.ts';
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

export async function backupTo(config: Config, file: string): Promise<{ bytes: number; engine: string }> {
  if (config.databaseUrl) {
    execFileSync(pgTool('pg_dump'), ['--format=custom', '--no-owner', `--file=${file}`, config.databaseUrl], {
      stdio: 'inherit',
    });
    return { bytes: fs.statSync(file).size, engine: 'postgres' };
  }
  const dir = path.join(config.dataDir, 'pglite');
  if (!fs.existsSync(dir)) throw new CliError(`嵌入式数据库不存在：${dir}`, EXIT.failed);
  const lock = acquireDataDirLock(config.dataDir, 'luoshi backup');
  try {
    const lite = await PGlite.create({ dataDir: dir, extensions: { ltree, pg_trgm } });
    const dump = await lite.dumpDataDir('gzip');
    await lite.close();
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return { bytes: fs.statSync(file).size, engine: 'pglite' };
  } finally {
    lock.release();
  }
}

export async function restoreFrom(
  config: Config,
  file: string,
  force: boolean,
): Promise<{ engine: string; previous: string | null }> {
  if (!fs.existsSync(file)) throw new CliError(`备份文件不存在：${file}`, EXIT.usage);
  if (config.databaseUrl) {
    execFileSync(
      pgTool('pg_restore'),
      ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${config.databaseUrl}`, file],
      { stdio: 'inherit' },
    );
    return { engine: 'postgres', previous: null };
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
    try {
      const lite = await PGlite.create({
        dataDir: dir,
        extensions: { ltree, pg_trgm },
        loadDataDir: new Blob([fs.readFileSync(file)]),
      });
      await lite.query('select 1');
      await lite.close();
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      if (previous) fs.renameSync(previous, dir);
      throw new CliError(`恢复失败，原数据未改动：${(e as Error).message}`, EXIT.failed);
    }
    return { engine: 'pglite', previous };
  } finally {
    lock.release();
  }
}

const backupUsage = `luoshi backup FILE
  备份数据库：嵌入式数据库导出为 .tar.gz；PostgreSQL（DATABASE_URL）用 pg_dump 自定义格式。服务器运行时嵌入式数据库无法备份（数据目录被占用）。`;
const restoreUsage = `luoshi restore FILE [--force]
  从备份恢复：嵌入式数据库（已有数据时须 --force，原数据移到旁边保留）；PostgreSQL 用 pg_restore --clean。`;

export const backupCommand: Command = {
  usage: backupUsage,
  async run(args) {
    const { positionals } = parse(args, backupUsage, {}, true);
    const file = positionals[0];
    if (!file) throw new CliError(backupUsage);
    const r = await backupTo(loadConfig(), path.resolve(file));
    console.log(`已备份（${r.engine}）到 ${path.resolve(file)}，${(r.bytes / 1024 / 1024).toFixed(1)} MB`);
  },
};

export const restoreCommand: Command = {
  usage: restoreUsage,
  async run(args) {
    const { values, positionals } = parse(args, restoreUsage, { force: { type: 'boolean' } }, true);
    const file = positionals[0];
    if (!file) throw new CliError(restoreUsage);
    const r = await restoreFrom(loadConfig(), path.resolve(file), values.force ?? false);
    console.log(`已从 ${path.resolve(file)} 恢复（${r.engine}）${r.previous ? `；原数据保留在 ${r.previous}` : ''}`);
  },
};
