/**
 * Startup figures: `luoshi --help` wall time beside `node -e 0` (what Node itself costs), and the time `npm start`
 * takes on a fresh data directory (migrations, the demo city and its work, listen) and again on the same one.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error plain JavaScript without declarations (bin/ runs before any TypeScript loader)
import { buildState } from '../bin/build-state.js';

export type StartupResult = {
  runs: number;
  nodeMs: number;
  helpMs: number;
  /** What `luoshi` ran: the build, or the sources (a source changed after the build). */
  helpFrom: 'dist' | 'sources';
  /** The same from the TypeScript sources through tsx (what `luoshi` ran before the build). */
  sourcesHelpMs: number;
  firstStartMs: number;
  restartMs: number;
  people: number | null;
  /** The 1-minute load average when the figures were taken, and the cores: wall times grow with other work. */
  load: number;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function wallMs(root: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
}

/** `npm start` in its own process group; resolves with the ms until /api/health answers, then stops it. */
async function timeNpmStart(root: string, dataDir: string, log: (s: string) => void): Promise<[number, string]> {
  const port = 39000 + Math.floor(Math.random() * 1000);
  const t0 = performance.now();
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: root,
    detached: true,
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), HOST: '127.0.0.1', LUOSHI_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (let lastLog = performance.now(); ; ) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (res.ok) return [performance.now() - t0, output];
      } catch {
        /* not listening yet */
      }
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`   npm start: ${Math.round((performance.now() - t0) / 1000)} s…`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

export async function benchStartup(root: string, log: (s: string) => void, runs = 15): Promise<StartupResult> {
  log('\n== startup: building the server, the CLI and the web app if needed');
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-needed'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const freshBefore = buildState().state === 'fresh';
  const node: number[] = [];
  const help: number[] = [];
  const sources: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push(wallMs(root, ['-e', '0']));
    help.push(wallMs(root, ['bin/luoshi.js', '--help']));
    sources.push(wallMs(root, ['--import', 'tsx', 'src/cli/main.ts', '--help']));
  }
  // A source edited meanwhile sends `luoshi` to the sources: then say so.
  const helpFrom = freshBefore && buildState().state === 'fresh' ? 'dist' : 'sources';
  const load = os.loadavg()[0]!;
  const nodeMs = median(node);
  const helpMs = median(help);
  const sourcesHelpMs = median(sources);
  log(
    `   luoshi --help ${Math.round(helpMs)} ms (from ${helpFrom}; ${Math.round(sourcesHelpMs)} ms from the sources), node -e 0 ${Math.round(nodeMs)} ms`,
  );

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-start-'));
  try {
    log('   npm start on a fresh data directory (migrations, the demo city and its work)');
    const [firstStartMs, banner] = await timeNpmStart(root, dataDir, log);
    const people = /人员 ([\d,]+) 人/.exec(banner)?.[1];
    log(`   first start ${Math.round(firstStartMs)} ms`);
    const [restartMs] = await timeNpmStart(root, dataDir, log);
    log(`   restart ${Math.round(restartMs)} ms`);
    return {
      runs,
      nodeMs,
      helpMs,
      helpFrom,
      sourcesHelpMs,
      firstStartMs,
      restartMs,
      people: people ? Number(people.replaceAll(',', '')) : null,
      load,
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The section of docs/benchmarks.md. */
export function startupSection(r: StartupResult, fmt: (x: number, d?: number) => string): string[] {
  return [
    '## Startup',
    '',
    `Wall times on the machine above, with a 1-minute load average of ${fmt(r.load)} on ${os.availableParallelism()} cores.`,
    '',
    '| | |',
    '|---|---:|',
    `| \`luoshi --help\` wall time, median of ${r.runs} (from ${r.helpFrom === 'dist' ? 'the build, dist/node' : 'the sources through tsx'}) | ${fmt(r.helpMs, 0)} ms |`,
    `| \`node -e 0\` wall time, median of ${r.runs} | ${fmt(r.nodeMs, 0)} ms |`,
    `| \`luoshi --help\` ÷ \`node -e 0\` | ${fmt(r.helpMs / r.nodeMs)}× |`,
    `| the same from the TypeScript sources through tsx, median of ${r.runs} | ${fmt(r.sourcesHelpMs, 0)} ms |`,
    `| first \`npm start\` on an empty data directory, to /api/health (PGlite; migrations, the demo city${r.people ? ` of ${fmt(r.people, 0)} people` : ''} and its work) | ${fmt(r.firstStartMs / 1000)} s |`,
    `| \`npm start\` again on that data directory, to /api/health | ${fmt(r.restartMs, 0)} ms |`,
    '',
    '`npm start` runs the build (`node dist/node/server.js`) after checking that it is newer than the sources; the',
    'first start is mostly the demo: generating and loading the city, then its deployments and months of ledger.',
    '',
  ];
}
