import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { buildApp } from '../app.ts';
import { describeOnEngines } from '../test/engines.ts';
import { isWebAppRequest } from './request-log.ts';

test('the web app is everything outside /api', () => {
  for (const url of ['/', '/index.html', '/assets/index-abc.js', '/tasks/12?tab=ledger', '/apis', '/favicon.ico'])
    assert.equal(isWebAppRequest(url), true, url);
  for (const url of ['/api', '/api/health', '/api/tasks?page=2', '/api/docs/static/index.html'])
    assert.equal(isWebAppRequest(url), false, url);
});

type Line = { level: number; msg: string; req?: { url: string }; res?: { statusCode: number } };

describeOnEngines('request log', (ctx) => {
  let webDir: string;
  before(() => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>落实</title>');
    fs.writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log(1);');
  });
  after(() => fs.rmSync(webDir, { recursive: true, force: true }));

  /** Requests the three kinds of URL through an app logging at `level`; returns the lines per URL. */
  async function logOf(level: 'info' | 'debug'): Promise<Map<string, Line[]>> {
    const lines: Line[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const text of String(chunk).split('\n')) if (text) lines.push(JSON.parse(text) as Line);
        done();
      },
    });
    const app = await buildApp({ database: ctx.database, webDir, logger: { level, stream } });
    try {
      for (const url of ['/assets/app.js', '/', '/tasks/12', '/api/health'])
        assert.equal((await app.inject({ method: 'GET', url })).statusCode, 200, url);
    } finally {
      await app.close();
    }
    // A request's two lines share its reqId; the incoming one names the URL.
    const byReq = new Map<string, Line[]>();
    for (const line of lines as (Line & { reqId?: string })[]) {
      if (!line.reqId) continue;
      byReq.set(line.reqId, [...(byReq.get(line.reqId) ?? []), line]);
    }
    const byUrl = new Map<string, Line[]>();
    for (const group of byReq.values()) {
      const url = group.find((l) => l.req)?.req?.url;
      if (url) byUrl.set(url, group);
    }
    return byUrl;
  }

  test('at info the log shows API requests and not the web app’s files', async () => {
    const log = await logOf('info');
    assert.deepEqual(
      log.get('/api/health')?.map((l) => [l.level, l.msg]),
      [
        [30, 'incoming request'],
        [30, 'request completed'],
      ],
    );
    assert.deepEqual([...log.keys()], ['/api/health']);
  });

  test('at debug the web app’s files (assets, index.html, client routes) appear, at debug level', async () => {
    const log = await logOf('debug');
    for (const url of ['/assets/app.js', '/', '/tasks/12'])
      assert.deepEqual(
        log.get(url)?.map((l) => [l.level, l.msg]),
        [
          [20, 'incoming request'],
          [20, 'request completed'],
        ],
        url,
      );
    assert.deepEqual(
      log.get('/api/health')?.map((l) => l.level),
      [30, 30],
    );
  });
});
