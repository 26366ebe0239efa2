/**
 * `luoshi deploy parse FILE [--json]`: the stable JSON shape through the binary as a user runs it (a child
 * process of bin/luoshi.js); the other cases in-process (the same main()).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../server/test/cli-harness.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const seedDir = path.resolve(repoRoot, '../shared/seeds');

function luoshiBinary(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/luoshi.js', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const luoshi = (...args: string[]) => runCli(args, {});

function seedPath(number: string): string {
  if (!fs.existsSync(seedDir)) assert.fail(`The seed speeches are missing: expected them in ${seedDir}.`);
  const file = fs.readdirSync(seedDir).find((f) => f.startsWith(`${number}_`));
  if (!file) assert.fail(`Seed ${number} is missing from ${seedDir}.`);
  return path.join(seedDir, file);
}

const NODE_KEYS = [
  'numbering',
  'heading',
  'kind',
  'span',
  'targets',
  'deadlines',
  'bodies',
  'children',
  'lead',
  'cooperating',
  'persons',
];

function checkNode(node: Record<string, unknown>, where: string): void {
  assert.deepEqual(Object.keys(node), NODE_KEYS, where);
  assert.equal(typeof node.numbering, 'string', where);
  assert.equal(typeof node.heading, 'string', where);
  assert.ok(['section', 'task', 'problem', 'principle'].includes(node.kind as string), where);
  const span = node.span as unknown[];
  assert.ok(Array.isArray(span) && span.length === 2 && span.every(Number.isInteger), where);
  for (const t of node.targets as Record<string, unknown>[]) {
    assert.deepEqual(Object.keys(t), ['value', 'unit', 'text'], where);
    assert.equal(typeof t.value, 'number');
  }
  for (const d of node.deadlines as Record<string, unknown>[]) assert.deepEqual(Object.keys(d), ['text'], where);
  assert.ok(
    (node.bodies as unknown[]).every((b) => typeof b === 'string'),
    where,
  );
  for (const [i, c] of (node.children as Record<string, unknown>[]).entries()) checkNode(c, `${where}.${i}`);
  if ((node.children as unknown[]).length > 0) assert.equal(node.kind, 'section', where);
}

test('deploy parse --json prints exactly the stable shape for a seed speech', () => {
  const r = luoshiBinary('deploy', 'parse', seedPath('001'), '--json');
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(json), ['title', 'removed', 'nodes']);
  assert.equal(json.title, '在全市组工会议上的讲话');
  for (const removed of json.removed as Record<string, unknown>[])
    assert.deepEqual(Object.keys(removed), ['text', 'reason']);
  const nodes = json.nodes as Record<string, unknown>[];
  assert.deepEqual(
    nodes.map((n) => n.numbering),
    ['一、', '二、', '三、'],
  );
  for (const [i, n] of nodes.entries()) checkNode(n, `nodes.${i}`);
});

test('deploy parse prints a readable outline and reads GB18030 files', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-deploy-'));
  try {
    // 一、中国 / 1.共产党 in GB18030 (中 D6D0, 国 B9FA, 共 B9B2, 产 B2FA, 党 B5B3; 一 D2BB, 、 A1A2).
    const file = path.join(dir, 'gb.txt');
    fs.writeFileSync(
      file,
      Buffer.from([
        0xd2, 0xbb, 0xa1, 0xa2, 0xd6, 0xd0, 0xb9, 0xfa, 0x0a, 0x31, 0x2e, 0xb9, 0xb2, 0xb2, 0xfa, 0xb5, 0xb3,
      ]),
    );
    const r = await luoshi('deploy', 'parse', file);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /编码：gb18030/);
    assert.match(r.stdout, /一、 中国/);
    assert.match(r.stdout, /1\. 共产党 {2}〔原则〕/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing file or a .docx is a usage error (exit 2) with a Chinese message', async () => {
  const missing = await luoshi('deploy', 'parse', 'no-such-file.txt');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /文件不存在/);
  const docx = await luoshi('deploy', 'parse', 'speech.docx');
  assert.equal(docx.code, 2);
  assert.match(docx.stderr, /\.docx/);
  assert.match(docx.stderr, /网页端/);
  const none = await luoshi('deploy');
  assert.equal(none.code, 2);
  const help = await luoshi('deploy', 'parse', '--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /luoshi deploy parse FILE \[--json\]/);
});
