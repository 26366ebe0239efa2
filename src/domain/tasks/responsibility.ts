/**
 * 一岗双责: a committee member answers for the work that falls in their 分管 portfolio. A portfolio text such
 * as '分管组织、党员发展' covers a task whose text mentions one of its items (组织, 党员发展).
 * Platform rule: matching is by the portfolio's own words; the secretary answers for everything (第一责任人).
 */
export function portfolioItems(portfolio: string): string[] {
  return portfolio
    .replace(/^(分管|负责|协助|主管)/, '')
    .split(/[、，,；;和及与\s]+/)
    .map((s) =>
      s
        .replace(/^(分管|负责|协助|主管)/, '')
        .replace(/(工作|方面|事务)$/, '')
        .trim(),
    )
    .filter((s) => s.length >= 2);
}

export function portfolioMatches(portfolio: string, taskText: string): boolean {
  return portfolioItems(portfolio).some((item) => taskText.includes(item));
}
