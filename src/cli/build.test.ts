/**
 * The build (scripts/build.mjs): the server and the CLI as JavaScript, run as `npm start` and the luoshi command
 * run them. Built once into a directory of its own inside the repository (dist/node stays the user's).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
// @ts-expect-error plain JavaScript without declarations (bin/ runs before any TypeScript loader)
import { buildState } from '../../bin/build-state.js';
import { demoAccountsHint } from '../server/serve.ts';

const root = path.resolve(import.meta.dirname, '../..');
const out = path.join(root, 'dist', `.build-test-${process.pid}`);
const migrations = fs.readdirSync(path.join(root, 'src/server/db/migrations')).filter((f) => f.endsWith('.sql'));
const tmpDirs: string[] = [];
const tmpDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpDirs.push(dir);
  return dir;
};

/** Runs the built CLI as a child process, outside the test runner's TypeScript loader. */
function builtCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [path.join(out, 'cli.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', LUOSHI_LOG_LEVEL: 'warn', ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the built server and CLI', () => {
  before(() => {
    const r = spawnSync(process.execPath, ['scripts/build.mjs', '--out', out], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
      timeout: 120_000,
    });
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => {
    fs.rmSync(out, { recursive: true, force: true });
    for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('luoshi --help from the build lists every command and exits 0; an unknown command exits 2', () => {
    const help = builtCli(['--help']);
    assert.equal(help.code, 0, help.stderr);
    for (const c of ['serve', 'migrate', 'seed', 'user', 'audit', 'backup', 'restore', 'deploy', 'import'])
      assert.match(help.stdout, new RegExp(`^  ${c} `, 'm'));
    assert.match(help.stdout, /退出码/);
    assert.equal(help.stderr, '');
    const unknown = builtCli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /未知命令/);
    const sub = builtCli(['user', '--help']);
    assert.equal(sub.code, 0);
    assert.match(sub.stdout, /luoshi user list/);
  });

  test('the built CLI finds the migrations: migrate on a fresh data directory applies every one of them', () => {
    const dataDir = tmpDir('luoshi-build-cli-');
    const run = builtCli(['migrate', '--json'], { LUOSHI_DATA_DIR: dataDir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { applied: migrations.sort(), alreadyApplied: 0 });
    const bad = builtCli(['migrate'], { LUOSHI_DATA_DIR: dataDir, PORT: 'not-a-port' });
    assert.equal(bad.code, 3, 'a configuration error keeps its exit code from the build');
    assert.match(bad.stderr, /PORT/);
  });

  test('the built server starts on a fresh data directory: migrations, then /api/health answers', async () => {
    const dataDir = tmpDir('luoshi-build-server-');
    const child = spawn(process.execPath, [path.join(out, 'server.js')], {
      cwd: root,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        LUOSHI_DATA_DIR: dataDir,
        LUOSHI_DEMO: 'off',
        LUOSHI_LOG_LEVEL: 'warn',
        PORT: '0',
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const stdout = await outputUntil(child, /已启动：http:\/\/localhost:(\d+)/);
      for (const name of migrations) assert.ok(stdout.includes(`migration applied: ${name}`), name);
      const port = /已启动：http:\/\/localhost:(\d+)/.exec(stdout)![1];
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      assert.deepEqual(await health.json(), { status: 'ok', engine: 'pglite' });
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});

/** The child's stdout once it matches `pattern`; rejects with its output if it exits first. */
function outputUntil(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => {
      stdout += String(d);
      if (pattern.test(stdout)) resolve(stdout);
    });
    child.stderr!.on('data', (d) => (stderr += String(d)));
    child.once('exit', (code) =>
      reject(new Error(`server exited (${code}) before it listened:\n${stdout}\n${stderr}`)),
    );
  });
}

describe('which build the luoshi command runs', () => {
  test('fresh after the build, stale once a source it read changes, missing without its build-info.json', () => {
    const dir = tmpDir('luoshi-build-state-');
    const dist = path.join(dir, 'dist');
    fs.mkdirSync(path.join(dir, 'src'));
    fs.mkdirSync(dist);
    const source = path.join(dir, 'src', 'a.ts');
    fs.writeFileSync(source, 'export {};\n');
    const builtAt = Date.now() + 1000;
    assert.deepEqual(buildState(dist, dir), { state: 'missing' });
    fs.writeFileSync(path.join(dist, 'build-info.json'), JSON.stringify({ builtAt, inputs: ['src/a.ts'] }));
    fs.utimesSync(source, new Date(builtAt - 5000), new Date(builtAt - 5000));
    assert.deepEqual(buildState(dist, dir), { state: 'fresh' });
    fs.utimesSync(source, new Date(builtAt + 5000), new Date(builtAt + 5000));
    assert.deepEqual(buildState(dist, dir), { state: 'stale', changed: 'src/a.ts' });
    fs.rmSync(source);
    assert.deepEqual(buildState(dist, dir), { state: 'stale', changed: 'src/a.ts' });
  });
});

describe('the first start’s demo banner', () => {
  test('says where every demo account is seen while the server runs, and how from the command line', () => {
    const [web, cli] = demoAccountsHint('http://localhost:3000', 'pglite');
    assert.match(web!, /admin/);
    assert.match(web!, /http:\/\/localhost:3000\/users/);
    assert.match(cli!, /npx luoshi user list/);
    assert.match(cli!, /停止服务/, 'the embedded database is held by the running server');
    assert.doesNotMatch(demoAccountsHint('http://localhost:3000', 'postgres').join('\n'), /停止服务/);
  });
});
