/**
 * The test command (`npm test`): starts one throwaway PostgreSQL cluster, prepares migrated templates on
 * both engines, builds the web app when browser tests run, runs every *.test.ts with node:test, and fails
 * if either engine was not exercised. Usage: npm test [-- --only domain|server|e2e] [-- --concurrency N] [-- files...]
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { PG_TEMPLATE_DB } from '../src/server/test/engines.ts';
import { startPgCluster } from '../src/server/test/pg-cluster.ts';

const root = path.resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
let only: string | undefined;
let concurrencyArg: number | undefined;
const explicit: string[] = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--only') only = argv[++i];
  else if (argv[i] === '--concurrency') concurrencyArg = Number(argv[++i]);
  else explicit.push(argv[i]!);
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : walk(p);
    return d.name.endsWith('.test.ts') ? [p] : [];
  });
}

const all = [...walk(path.join(root, 'src')), ...walk(path.join(root, 'e2e'))].sort();
const areas: Record<string, (f: string) => boolean> = {
  domain: (f) => f.includes(`${path.sep}src${path.sep}domain${path.sep}`),
  server: (f) => !f.includes(`${path.sep}e2e${path.sep}`) && !f.includes(`${path.sep}src${path.sep}domain${path.sep}`),
  e2e: (f) => f.includes(`${path.sep}e2e${path.sep}`),
};
let files = explicit.length > 0 ? explicit.map((f) => path.resolve(f)) : all;
if (only) {
  const pick = areas[only];
  if (!pick) {
    console.error(`unknown --only ${only}; use one of ${Object.keys(areas).join(', ')}`);
    process.exit(2);
  }
  files = files.filter(pick);
}
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// Test files run in parallel processes, one per core: measured on 2 cores, the whole suite took 258 s with 2 files
// at once, 278 s with 3 and about the same with 4 (PGlite's WebAssembly and PostgreSQL compete for the same cores).
const defaultConcurrency = Math.max(2, os.availableParallelism());

const needsDb = files.some((f) => !areas.domain!(f));
const needsWeb = files.some((f) => areas.e2e!(f));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  TZ: 'Asia/Shanghai',
  LUOSHI_TEST_OUTPUT: path.join(root, 'test-output'),
};
let stopCluster: () => Promise<void> = async () => {};

async function prepareDatabases(): Promise<void> {
  const t0 = Date.now();
  const cluster = await startPgCluster();
  stopCluster = cluster.stop;
  console.log(`# PostgreSQL test cluster: ${cluster.version} on port ${cluster.port}`);
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`create database ${PG_TEMPLATE_DB}`);
  await admin.end();
  const url = new URL(cluster.url);
  url.pathname = `/${PG_TEMPLATE_DB}`;
  const pgDb = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 1 });
  await migrate(pgDb.db);
  await pgDb.close();

  const lite = await openDatabase({ engine: 'pglite', memory: true });
  await migrate(lite.db);
  const dump = await lite.lite!.dumpDataDir('gzip');
  await lite.close();
  const templateFile = path.join(tmp, 'pglite-template.tar.gz');
  fs.writeFileSync(templateFile, Buffer.from(await dump.arrayBuffer()));

  env.LUOSHI_TEST_PG_URL = cluster.url;
  env.LUOSHI_TEST_PGLITE_TEMPLATE = templateFile;
  env.LUOSHI_TEST_ENGINE_LOG = path.join(tmp, 'engines.log');
  console.log(`# test databases prepared in ${Date.now() - t0} ms`);
}

/**
 * The pure domain tests run in one process: they share no state (no database, no clock, no files they write),
 * and one process saves a Node + tsx start per file (most of the domain tier's time otherwise). Every other
 * file keeps its own process.
 */
function grouped(): string[] {
  const domain = files.filter(areas.domain!);
  const rest = longestFirst(files.filter((f) => !areas.domain!(f)));
  if (domain.length < 2) return [...domain, ...rest];
  const suite = path.join(tmp, 'domain-rules.test.ts');
  fs.writeFileSync(suite, domain.map((f) => `import ${JSON.stringify(pathToFileURL(f).href)};`).join('\n'));
  return [suite, ...rest];
}

/**
 * Files that take minutes (measured in CI on 2026-12-07: the route × role matrix about 205 s on both engines, the
 * EXPLAIN check on the city profile about 140 s; the next longest file takes under a minute). node:test starts files
 * in the order given: one of these started last would run alone at the end while the other core idles, so they
 * start first.
 */
const SLOWEST = ['src/server/http/scope-matrix.test.ts', 'src/server/db/explain.test.ts'].map((f) =>
  path.join(root, f),
);

function longestFirst(list: string[]): string[] {
  return [...SLOWEST.filter((f) => list.includes(f)), ...list.filter((f) => !SLOWEST.includes(f))];
}

/**
 * The failures again at the very end of the output, with their error blocks: CI keeps only the tail of a long
 * run, and a failing test in the middle of 1,900 must still be named there.
 */
function failureRecap(): { feed(text: string): void; print(): void } {
  const blocks: string[][] = [];
  let current: string[] | null = null;
  let indent = -1;
  let rest = '';
  return {
    feed(text) {
      const lines = (rest + text).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^(\s*)not ok \d+ - /.exec(line);
        if (m) {
          current = [line.trim()];
          indent = m[1]!.length;
          blocks.push(current);
          continue;
        }
        if (!current) continue;
        const lead = /^\s*/.exec(line)![0].length;
        if (lead <= indent && line.trim() !== '') current = null;
        else {
          if (current.length < 40) current.push(line);
          if (line.trim() === '...' && lead === indent + 2) current = null;
        }
      }
    },
    print() {
      if (blocks.length === 0) return;
      console.log(`\n# ${blocks.length} failing (subtests and their files), repeated here:`);
      for (const b of blocks) console.log(b.join('\n'));
    },
  };
}

let code = 1;
try {
  if (needsWeb) {
    const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('vite build failed');
  }
  if (needsDb) await prepareDatabases();
  const concurrency = concurrencyArg ?? defaultConcurrency;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...grouped()],
    {
      cwd: root,
      env,
      stdio: ['inherit', 'pipe', 'inherit'],
    },
  );
  const recap = failureRecap();
  child.stdout!.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    recap.feed(chunk.toString('utf8'));
  });
  code = await new Promise<number>((resolve) => child.on('close', (c, sig) => resolve(c ?? (sig ? 1 : 0))));
  recap.print();
  // The full suite must have exercised both engines (a PostgreSQL half that silently did not run fails).
  if (needsDb && code === 0 && explicit.length === 0) {
    const log = env.LUOSHI_TEST_ENGINE_LOG!;
    const used = new Set(fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
    for (const engine of ['pglite', 'postgres']) {
      if (!used.has(engine)) {
        console.error(`FAIL: no test ran on ${engine}; database tests must run on both engines`);
        code = 1;
      }
    }
  }
} catch (e) {
  console.error(e);
  code = 1;
} finally {
  await stopCluster();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
