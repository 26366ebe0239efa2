/**
 * A speech whose outline has exactly `items` items, for the tests of the outline limit and of the editor with a
 * large outline: sections 一、二、… of up to 99 numbered tasks each (1．2．…), every task with a target and a deadline.
 */
export function speechWithItems(items: number): string {
  const lines = ['在全市基层党建工作推进会上的讲话'];
  for (let section = 1, left = items; left > 0; section++) {
    const children = Math.min(99, left - 1);
    lines.push(`${chineseNumeral(section)}、抓好第${section}方面的重点工作`);
    for (let i = 1; i <= children; i++) {
      lines.push(`${i}．落实第${section}方面第${i}项任务，年底前完成${i}个村党支部标准化建设。`);
    }
    left -= children + 1;
  }
  return lines.join('\n');
}

/** 1 → 一, 12 → 十二, 45 → 四十五 (up to 99). */
function chineseNumeral(n: number): string {
  const digits = '零一二三四五六七八九';
  const ones = n % 10 ? digits[n % 10] : '';
  if (n < 10) return digits[n]!;
  return `${n < 20 ? '' : digits[Math.floor(n / 10)]}十${ones}`;
}
