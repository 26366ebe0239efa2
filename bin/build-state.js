// Whether dist/node (the built server and CLI, `npm run build`) is there and newer than every source file it was
// built from. Plain JavaScript without dependencies: the luoshi command and `npm start` ask it on every start.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
export const NODE_DIST = path.join(ROOT, 'dist', 'node');
/** Written last by the build into its output directory: when it started and the files (relative to ROOT) it read. */
export const BUILD_INFO = 'build-info.json';

/**
 * 'fresh', 'missing' (never built, or built by another layout) or 'stale' (a source file changed after the
 * build started; `changed` names the first one found). About a millisecond for a few hundred files.
 * @param {string} [dist] the build's output directory
 * @param {string} [root] the directory the build's inputs are named from
 * @returns {{ state: 'fresh' | 'missing' | 'stale', changed?: string }}
 */
export function buildState(dist = NODE_DIST, root = ROOT) {
  let info;
  try {
    info = JSON.parse(fs.readFileSync(path.join(dist, BUILD_INFO), 'utf8'));
  } catch {
    return { state: 'missing' };
  }
  if (typeof info?.builtAt !== 'number' || !Array.isArray(info.inputs)) return { state: 'missing' };
  for (const input of info.inputs) {
    let mtime;
    try {
      mtime = fs.statSync(path.join(root, input)).mtimeMs;
    } catch {
      return { state: 'stale', changed: input };
    }
    if (mtime > info.builtAt) return { state: 'stale', changed: input };
  }
  return { state: 'fresh' };
}
