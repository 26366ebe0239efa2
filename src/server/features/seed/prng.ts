/** A small seeded PRNG and the sampling helpers of the demo-data generator (no Math.random: runs repeat). */

import type { Rng } from '../../../domain/prng.ts';

export { mix, mulberry32, type Rng } from '../../../domain/prng.ts';

export const intIn = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** Triangular distribution on [lo, hi] peaking at mode, rounded. */
export function tri(r: Rng, lo: number, mode: number, hi: number): number {
  const u = r();
  const c = (mode - lo) / (hi - lo);
  const x = u < c ? lo + Math.sqrt(u * (hi - lo) * (mode - lo)) : hi - Math.sqrt((1 - u) * (hi - lo) * (hi - mode));
  return Math.round(x);
}

export function weighted<T>(items: readonly (readonly [T, number])[]): (r: Rng) => T {
  const values = items.map(([v]) => v);
  const cumulative: number[] = [];
  let sum = 0;
  for (const [, w] of items) {
    sum += w;
    cumulative.push(sum);
  }
  return (r) => {
    const x = r() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return values[lo]!;
  };
}

/** Rounds n·p up or down at random so that the expected value is exactly n·p. */
export const share = (r: Rng, n: number, p: number): number => Math.floor(n * p + r());

/** Formatting helpers for generated codes and names: 7 → '07', 3 → '三'. */
export const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const CN_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
export const ordinal = (n: number): string => CN_ORDINALS[n - 1] ?? String(n);
