// Builds the server and the CLI to JavaScript (`npm run build:node`; `npm run build` also builds the web app):
// dist/node/server.js (`npm start`) and dist/node/cli.js (the luoshi command), ESM for Node 22, our code bundled
// and split into shared chunks (a command's modules load only when it runs), node_modules left external but for
// a few packages of many small modules (BUNDLED_PACKAGES).
//   --if-needed  (npm start) build only what is missing or older than its sources, the web app included
//   --out DIR    another output directory inside the repository (the build's test); default dist/node
// Plain JavaScript, so that `npm start` does not pay for a TypeScript loader to find there is nothing to do.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BUILD_INFO, buildState, NODE_DIST, ROOT } from '../bin/build-state.js';

/**
 * Code that finds files beside its source (the migrations, dist/web, the seed worker, the seed speeches) asks
 * import.meta.url or import.meta.dirname; in a bundle those name the output file. Every output file lies in one
 * directory, so each source's own location is rewritten as a path relative to it: the built code reads the
 * migrations from src/server/db/migrations as the sources do (one copy of them, the one the tests check).
 */
function sourceLocation(outDir) {
  return {
    name: 'source-location',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url') && !text.includes('import.meta.dirname')) return undefined;
        const fromOut = JSON.stringify(path.relative(outDir, args.path).split(path.sep).join('/'));
        const url = `new URL(${fromOut}, import.meta.url).href`;
        const contents = text
          .replaceAll('import.meta.url', url)
          .replaceAll('import.meta.dirname', `__sourceDirname(__sourcePath(${url}))`);
        const header = contents.includes('__sourceDirname')
          ? "import { fileURLToPath as __sourcePath } from 'node:url'; import { dirname as __sourceDirname } from 'node:path';\n"
          : '';
        return { contents: header + contents, loader: 'ts' };
      });
    },
  };
}

/**
 * Packages are loaded from node_modules (`packages: 'external'`), except these: ES modules spread over hundreds of
 * files (kysely alone is 262), whose loading one by one was a large part of a command's start. Bundled, each is one
 * read. Nothing in node_modules imports them, so the bundle holds the only copy of each.
 */
const BUNDLED_PACKAGES = /^(kysely|date-fns|pinyin-pro)(\/|$)/;

function externalPackages() {
  return {
    name: 'external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) =>
        BUNDLED_PACKAGES.test(args.path) ? undefined : { path: args.path, external: true },
      );
    },
  };
}

async function buildNode(outDir) {
  const { build } = await import('esbuild');
  const started = Date.now();
  const tmp = `${outDir}.${process.pid}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { server: 'src/server/main.ts', cli: 'src/cli/main.ts' },
    outdir: tmp,
    bundle: true,
    splitting: true,
    chunkNames: '[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node22',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [externalPackages(), sourceLocation(outDir)],
  });
  const inputs = [...Object.keys(result.metafile.inputs), 'scripts/build.mjs', 'bin/build-state.js', 'package.json'];
  // Written last: a build that stopped midway has no build-info.json, and the luoshi command runs the sources.
  fs.writeFileSync(
    path.join(tmp, BUILD_INFO),
    `${JSON.stringify({ builtAt: started, inputs: inputs.filter((f) => !f.startsWith('node_modules/')) })}\n`,
  );
  // Swap the directories: a luoshi command starting meanwhile sees the old build or the new one, never half of
  // one. Of two builds at once, the one that swaps last wins.
  const old = `${outDir}.${process.pid}.old`;
  try {
    if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
    fs.renameSync(tmp, outDir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(old, { recursive: true, force: true });
  }
  console.log(`${path.relative(ROOT, outDir)}: the server and the CLI built in ${Date.now() - started} ms`);
}

const args = process.argv.slice(2);
const ifNeeded = args.includes('--if-needed');
const outDir = args.includes('--out') ? path.resolve(args[args.indexOf('--out') + 1] ?? '') : NODE_DIST;
if (!outDir.startsWith(ROOT + path.sep)) {
  // The built code imports its packages from node_modules: found only from inside the repository.
  console.error(`--out must lie inside ${ROOT}`);
  process.exit(2);
}

if (ifNeeded && !fs.existsSync(path.join(ROOT, 'dist', 'web', 'index.html'))) {
  console.log('构建网页端（首次启动）/ building the web app (first start)…');
  execSync('npx vite build --logLevel warn', { stdio: 'inherit', cwd: ROOT });
}
const state = buildState(outDir);
if (!ifNeeded || state.state !== 'fresh') {
  if (ifNeeded)
    console.log(
      `构建服务端 / building the server and the CLI (${state.changed ? `${state.changed} changed` : 'first start'})…`,
    );
  await buildNode(outDir);
}
