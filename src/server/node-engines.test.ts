import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import semver from 'semver';

/**
 * `npm ci` warns (EBADENGINE) when an installed package's `engines.node` does not admit the running Node. The README
 * names the Node versions we support and package.json's `engines` says the same; this holds every package in the
 * lock file to them: the lowest version of each supported line must satisfy every package's range, so that `npm ci`
 * on any supported Node is free of engine warnings. (Checked by hand as well with Node 22.23 and npm 11: no warning.)
 */
const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean; dev?: boolean }>;
};
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The lowest version of each line the range admits: ^22.13.0 || >=24 gives 22.13.0 and 24.0.0. */
function lowestOfEachLine(range: string): string[] {
  const lows = new Set<string>();
  for (const major of [18, 20, 21, 22, 23, 24, 25, 26]) {
    const low = semver.minVersion(`${range.split('||').find((r) => semver.intersects(r, `${major}.x`)) ?? '0'}`);
    if (low && semver.satisfies(low, range) && low.major === major) lows.add(low.version);
  }
  return [...lows];
}

test('the supported Node versions are the ones the README names', () => {
  const lows = lowestOfEachLine(pkg.engines.node);
  assert.ok(lows.length > 0, pkg.engines.node);
  for (const v of lows) {
    const [major, minor] = v.split('.');
    const named = minor === '0' ? new RegExp(`\\b${major}\\b`) : new RegExp(`\\b${major}\\.${minor}\\b`);
    assert.match(readme, named, `README does not name Node ${v}`);
  }
});

test('every locked package admits every supported Node version (npm ci shows no engine warning)', () => {
  const lows = lowestOfEachLine(pkg.engines.node);
  const refused: string[] = [];
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (where === '' || !entry.engines || Array.isArray(entry.engines) || !entry.engines.node) continue;
    for (const v of lows) {
      if (!semver.satisfies(v, entry.engines.node, { includePrerelease: true })) {
        refused.push(`${where} (${entry.engines.node}) refuses Node ${v}`);
      }
    }
  }
  assert.deepEqual(refused, []);
});

test('the check fails where it should: a package needing Node 24 refuses 22.13', () => {
  assert.deepEqual(lowestOfEachLine('^22.13.0 || >=24'), ['22.13.0', '24.0.0']);
  assert.equal(semver.satisfies('22.13.0', '>=24'), false);
  assert.equal(semver.satisfies('22.13.0', '^20.19.0 || ^22.12.0 || >=23'), true);
});
