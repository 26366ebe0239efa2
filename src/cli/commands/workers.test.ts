import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type CliTarget, makeCliTarget, runCli } from '../../server/test/cli-harness.ts';
import { buildFixture, FIXTURE_PASSWORD, type Fixture } from '../../server/test/factories.ts';

/**
 * `luoshi serve --workers N` on PostgreSQL: N stateless processes share the port, a session made through one is
 * good on all (sessions live in the database), a worker that dies is replaced, SIGTERM stops them all; the
 * embedded database refuses the flag.
 */
const BIN = fileURLToPath(new URL('../../../bin/luoshi.js', import.meta.url));
let target: CliTarget;
let fx: Fixture;
let primary: ChildProcess | null = null;
let port: number;
let log = '';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const workersOf = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid)])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
};

async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen: ${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const healthy = async () => {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`)).ok;
  } catch {
    return false;
  }
};

before(async () => {
  target = await makeCliTarget('postgres');
  const database = await target.open();
  fx = await buildFixture(database);
  await database.close();
  port = await freePort();
});
after(async () => {
  if (primary && primary.exitCode === null) primary.kill('SIGKILL');
  await target.cleanup();
});

test('two workers share the port and the sessions; a dead worker is replaced; SIGTERM stops them all', async () => {
  primary = spawn(process.execPath, [BIN, 'serve', '--workers', '2'], {
    env: {
      ...process.env,
      ...target.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LUOSHI_DEMO: 'off',
      LUOSHI_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  primary.stdout!.on('data', (d) => (log += String(d)));
  primary.stderr!.on('data', (d) => (log += String(d)));
  // The bin may run the CLI in a child process of its own: the cluster's primary names its pid.
  const primaryPid = () => Number(/主进程 (\d+)/.exec(log)?.[1] ?? 0);
  await until(
    'two workers listening',
    async () => primaryPid() > 0 && workersOf(primaryPid()).length === 2 && (await healthy()),
  );

  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
    body: JSON.stringify({ username: fx.users.aAdmin.username, password: FIXTURE_PASSWORD }),
  });
  assert.equal(login.status, 200, await login.text());
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  for (let i = 0; i < 20; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/api/orgs/${fx.orgs.a.id}`, { headers: { cookie } });
    assert.equal(res.status, 200, 'the session is good whichever worker answers');
  }

  const [victim] = workersOf(primaryPid());
  process.kill(victim!, 'SIGKILL');
  await until('a replacement worker', async () => {
    const now = workersOf(primaryPid());
    return now.length === 2 && !now.includes(victim!) && (await healthy());
  });

  const exited = new Promise<number | null>((r) => primary!.once('exit', (code) => r(code)));
  primary.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('the embedded database refuses --workers, naming why', async () => {
  const embedded = await makeCliTarget('pglite');
  try {
    const run = await runCli(['serve', '--workers', '2'], embedded.env);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /--workers 需要 PostgreSQL/);
  } finally {
    await embedded.cleanup();
  }
});
