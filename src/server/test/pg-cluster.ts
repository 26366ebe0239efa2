import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findPgBinDir } from '../db/pg-binaries.ts';

/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temp directory, start on a free port with the
 * socket in that directory, stop and delete on `stop()`. No root service and no shared database.
 * As root, the binaries run as the `postgres` user (initdb refuses root).
 */
export type PgCluster = {
  url: string;
  port: number;
  dir: string;
  version: string;
  /** Stops the server (fast shutdown) and keeps its data: `start()` brings it back on the same port. */
  pause(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** As root, run as the `postgres` account (initdb and postgres refuse root). */
export function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

export type PgClusterOptions = {
  /**
   * Durable settings (fsync, synchronous_commit and full_page_writes on, PostgreSQL's defaults), for benchmarks of
   * writes; without it the cluster runs with the fast, crash-unsafe settings that suit tests.
   */
  durable?: boolean;
  /** Extra server settings (`-c name=value`, after the defaults): `wal_level: 'logical'`, `max_wal_senders`, … */
  settings?: Record<string, string | number>;
  /** A streaming-replication standby of this cluster (pg_basebackup -R) instead of a fresh initdb. */
  standbyOf?: { url: string };
};

export async function startPgCluster(opts: PgClusterOptions = {}): Promise<PgCluster> {
  const binDir = findPgBinDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-pg-'));
  const dataDir = path.join(dir, 'data');
  const user = runAs();
  if (user.uid !== undefined) fs.chownSync(dir, user.uid, user.gid!);
  if (opts.standbyOf) {
    execFileSync(
      path.join(binDir, 'pg_basebackup'),
      ['-D', dataDir, '-d', opts.standbyOf.url, '-R', '-X', 'stream', '--no-sync', '-c', 'fast'],
      { stdio: 'pipe', cwd: dir, ...user },
    );
  } else {
    execFileSync(
      path.join(binDir, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'],
      { stdio: 'pipe', cwd: dir, ...user },
    );
  }
  const port = await freePort();
  const args = [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    ...(opts.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    '-c',
    'max_connections=200',
    '-c',
    'shared_buffers=256MB',
    ...Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(path.join(binDir, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir, ...user });
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += String(d)));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`postgres exited: ${stderr}`);
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.end();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      if (ok && /ready to accept (read-only )?connections/.test(stderr)) break;
      if (Date.now() > deadline) throw new Error(`postgres did not start in 30 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const halt = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT'); // fast shutdown
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  };
  await launch();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const version = execFileSync(path.join(binDir, 'postgres'), ['--version']).toString().trim();
  return {
    url,
    port,
    dir,
    version,
    pause: halt,
    start: launch,
    async stop() {
      await halt();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
