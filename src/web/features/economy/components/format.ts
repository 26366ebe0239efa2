/** Amounts of the collective economy as the pages show them: 元 with separators, or 万元, the unit always stated. */

/** 元, two decimals, with separators: 49,999.99. */
export function formatYuan(yuan: number): string {
  return yuan.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** 万元, up to four decimals (to the yuan): 4.9999, 5, 12.35. */
export function formatWan(yuan: number): string {
  return (Math.round(yuan) / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 4 });
}

/** A percentage rounded down to one decimal: never shows a target as met before it is (79.96% is 79.9%). */
export function percentDown(share: number | null): number | null {
  return share === null ? null : Math.floor(share * 1000 + 1e-9) / 10;
}
