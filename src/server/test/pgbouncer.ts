import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, runAs } from './pg-cluster.ts';

/**
 * A throwaway PgBouncer (Debian's `pgbouncer` package) in transaction mode in front of a PostgreSQL server, for the
 * tests and `npm run bench:surge -- --pgbouncer`: its ini file, a userlist and its log in a temp directory, a free
 * port, trust authentication (the clusters these run against trust local connections too). As root it runs as the
 * `postgres` account, as the clusters do (pgbouncer refuses to run as root).
 */
export type PgBouncer = {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` through the bouncer. */
  urlOf(database: string): string;
  port: number;
  pid: number;
  version: string;
  stop(): Promise<void>;
};

export type PgBouncerOptions = {
  /** The PostgreSQL server behind it. */
  host?: string;
  port: number;
  /** Server connections per database and user (PgBouncer's default_pool_size). */
  poolSize?: number;
  maxClients?: number;
};

const CANDIDATES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'];

export function findPgBouncer(): string {
  const fromPath = (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'pgbouncer'));
  const found = [...CANDIDATES, ...fromPath].find((p) => fs.existsSync(p));
  if (!found) throw new Error('pgbouncer not found: install it (Debian: apt-get install pgbouncer)');
  return found;
}

export async function startPgBouncer(opts: PgBouncerOptions): Promise<PgBouncer> {
  const bin = findPgBouncer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-pgbouncer-'));
  const user = runAs();
  const port = await freePort();
  const ini = path.join(dir, 'pgbouncer.ini');
  const userlist = path.join(dir, 'userlist.txt');
  // With trust, PgBouncer still looks the user up in auth_file.
  fs.writeFileSync(userlist, '"postgres" ""\n');
  fs.writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${opts.host ?? '127.0.0.1'} port=${opts.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      'auth_type = trust',
      `auth_file = ${userlist}`,
      'pool_mode = transaction',
      `default_pool_size = ${opts.poolSize ?? 20}`,
      `max_client_conn = ${opts.maxClients ?? 2000}`,
      // Reconnect quickly after PostgreSQL restarts (the surge's --restart-at).
      'server_login_retry = 1',
      'ignore_startup_parameters = extra_float_digits,options',
      `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
      'admin_users = postgres',
      '',
    ].join('\n'),
  );
  if (user.uid !== undefined) {
    for (const f of [dir, ini, userlist]) fs.chownSync(f, user.uid, user.gid!);
  }
  const child: ChildProcess = spawn(bin, [ini], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, ...user });
  let log = '';
  child.stdout?.on('data', (d) => (log += String(d)));
  child.stderr?.on('data', (d) => (log += String(d)));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited: ${log}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`pgbouncer did not start in 15 s: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const version = /PgBouncer [\d.]+/.exec(log)?.[0] ?? 'PgBouncer';
  return {
    port,
    pid: child.pid!,
    version,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM'); // immediate shutdown
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
