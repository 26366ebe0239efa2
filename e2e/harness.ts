/**
 * What every browser journey shares: the built web app served by the real server in-process on a free port,
 * Debian's Chromium with the flags this machine needs, and the test-output directory for screenshots.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { type App, type AppDeps, buildApp } from '../src/server/app.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const WEB_DIR = path.join(REPO_ROOT, 'dist', 'web');
export const OUTPUT = path.resolve(process.env.LUOSHI_TEST_OUTPUT ?? 'test-output');

// Without the background-networking flags Chromium's connections are refused by this machine's closed network.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type Served = { app: App; base: string };

/** The app on 127.0.0.1 and a free port, serving dist/web (npm test builds it before the e2e files). */
export async function serveApp(deps: Omit<AppDeps, 'webDir'>): Promise<Served> {
  assert.ok(
    fs.existsSync(path.join(WEB_DIR, 'index.html')),
    `no built web app in ${WEB_DIR}: run "npx vite build" (npm test does)`,
  );
  fs.mkdirSync(OUTPUT, { recursive: true });
  const app = await buildApp({ ...deps, webDir: WEB_DIR });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}
