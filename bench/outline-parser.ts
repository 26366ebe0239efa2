/**
 * Throughput of the outline parser: the seed speeches concatenated `times` times, parsed as one document
 * (one long text also shows that nothing in the parser grows faster than the text).
 * Run: node --import tsx bench/outline-parser.ts [times]
 */
import { parseOutline } from '../src/domain/deploy/outline-parser.ts';

/** MB here is 2^20 bytes of UTF-8, the size the text has in a file. */
export function benchParser(seedTexts: string[], times: number): { bytes: number; ms: number; mbPerSec: number } {
  const one = seedTexts.join('\n');
  const text = Array.from({ length: Math.max(1, times) }, () => one).join('\n');
  const bytes = new TextEncoder().encode(text).length;
  parseOutline(seedTexts[0] ?? ''); // warm-up: compile the scanners before timing
  const t0 = performance.now();
  parseOutline(text);
  const ms = performance.now() - t0;
  return { bytes, ms, mbPerSec: bytes / 2 ** 20 / (ms / 1000) };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { readdirSync, readFileSync } = await import('node:fs');
  const path = await import('node:path');
  const seeds = path.resolve(import.meta.dirname, '../../../../shared/seeds');
  const texts = readdirSync(seeds)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(path.join(seeds, f), 'utf8'));
  const times = Number(process.argv[2] ?? 100);
  const r = benchParser(texts, times);
  console.log(
    `outline parser: ${texts.length} seeds × ${times} = ${(r.bytes / 2 ** 20).toFixed(2)} MB in ${r.ms.toFixed(0)} ms → ${r.mbPerSec.toFixed(2)} MB/s`,
  );
}
