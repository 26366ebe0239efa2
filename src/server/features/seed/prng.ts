/** A small seeded PRNG and the sampling helpers of the demo-data generator (no Math.random: runs repeat). */

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for test data. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes two integers into a seed (a murmur3-style finaliser): one independent stream per organisation. */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

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
