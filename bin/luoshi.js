#!/usr/bin/env node
// The luoshi command: runs the built CLI (dist/node/cli.js, `npm run build`) when it is newer than the sources;
// otherwise the TypeScript sources through tsx (the same commands, slower to start), saying so on a terminal.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildState, NODE_DIST } from './build-state.js';

process.env.TZ ??= 'Asia/Shanghai';
const build = buildState();
if (build.state === 'fresh') {
  // Stack traces name the TypeScript sources.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(path.join(NODE_DIST, 'cli.js')).href);
} else {
  if (process.stderr.isTTY)
    process.stderr.write(
      build.state === 'missing'
        ? 'luoshi：未构建 dist/node，改从源码运行（启动较慢）；运行 npm run build 后启动更快。\n'
        : `luoshi：dist/node 早于源码（${build.changed} 已修改），改从源码运行；运行 npm run build 可更新。\n`,
    );
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
