import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDatabase } from './db/client.ts';
import { lockFileOf } from './db/data-dir-lock.ts';
import { migrate } from './db/migrate.ts';
import { runCli } from './test/cli-harness.ts';
import { buildFixture, FIXTURE_PASSWORD, type Fixture } from './test/factories.ts';

/**
 * The embedded database as a user runs it: a real server process on a data directory.
 * An acknowledged write survives `kill -9`; a second process is refused while the server holds the
 * directory; SIGTERM shuts down cleanly and releases the lock.
 */
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('embedded database durability and the data-directory lock [pglite]', () => {
  let dataDir: string;
  let fx: Fixture;
  let port: number;
  let server: ChildProcess | null = null;
  let serverLog = '';

  async function startServer(): Promise<void> {
    serverLog = '';
    server = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: {
        ...process.env,
        LUOSHI_DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LUOSHI_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d) => (serverLog += String(d)));
    server.stderr!.on('data', (d) => (serverLog += String(d)));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited: ${serverLog}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (res.ok) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`server did not start: ${serverLog}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function login(): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: fx.users.admin.username, password: FIXTURE_PASSWORD }),
    });
    assert.equal(res.status, 200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-durable-'));
    const db = await openDatabase({ engine: 'pglite', dataDir, lockAs: 'test setup' });
    await migrate(db.db);
    fx = await buildFixture(db);
    await db.close();
    port = await freePort();
  });
  after(() => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('an acknowledged write survives kill -9 of the server', async () => {
    await startServer();
    const cookie = await login();
    const res = await fetch(`http://127.0.0.1:${port}/api/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ parentId: fx.orgs.a1.id, name: '持久化测试党支部', type: 'branch' }),
    });
    assert.equal(res.status, 201);
    const created = (await res.json()) as { id: number };

    const exited = new Promise((r) => server!.once('exit', r));
    server!.kill('SIGKILL');
    await exited;
    assert.ok(fs.existsSync(lockFileOf(dataDir)), 'a killed server leaves its lock file behind');

    await startServer(); // takes over the stale lock
    const again = await fetch(`http://127.0.0.1:${port}/api/orgs/${created.id}`, {
      headers: { cookie: await login() },
    });
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { name: string }).name, '持久化测试党支部');
  });

  test('a stream of writes cut by kill -9: every acknowledged write is there after the restart', async () => {
    const cookie = await login();
    const acknowledged: number[] = [];
    let killed = false;
    const writer = async (w: number) => {
      for (let i = 0; !killed; i++) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/orgs`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie },
            body: JSON.stringify({ parentId: fx.orgs.a1.id, name: `流写${w}-${i}党支部`, type: 'branch' }),
          });
          if (res.status === 201) acknowledged.push(((await res.json()) as { id: number }).id);
        } catch {
          return; // the server is gone: this write was never acknowledged
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.length < 25) await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise((r) => server!.once('exit', r));
    server!.kill('SIGKILL'); // in the middle of the stream
    killed = true;
    await exited;
    await Promise.all(writers);
    const seen = [...acknowledged];

    await startServer();
    const check = await login();
    for (const id of seen) {
      const res = await fetch(`http://127.0.0.1:${port}/api/orgs/${id}`, { headers: { cookie: check } });
      assert.equal(res.status, 200, `acknowledged organisation ${id} is lost`);
    }
  });

  test('a CLI command on the same data directory is refused while the server runs, naming the holder', async () => {
    const run = await runCli(['migrate'], { LUOSHI_DATA_DIR: dataDir });
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stderr, /正被进程 \d+（luoshi serve/);
    assert.match(run.stderr, new RegExp(`进程 ${server!.pid}`));
  });

  test('SIGTERM shuts the server down cleanly and releases the lock', async () => {
    const exited = new Promise<number | null>((r) => server!.once('exit', (code) => r(code)));
    server!.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok(!fs.existsSync(lockFileOf(dataDir)));
    const run = await runCli(['migrate'], { LUOSHI_DATA_DIR: dataDir });
    assert.equal(run.code, 0, run.stderr);
  });
});
