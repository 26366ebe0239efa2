/**
 * How long an account must wait before its next roster check (a dry run or an import of a 党员花名册), or null when
 * it may run one now. `recent` holds the times of its checks within the last `windowMinutes`; at `max` checks the
 * next one is possible when the oldest of them leaves the window. Whole seconds, rounded up (Retry-After).
 * Platform default: RuleSet.people.rosterChecksPerAccount.
 */
export function rosterCheckWaitSeconds(
  recent: readonly Date[],
  now: Date,
  limit: { max: number; windowMinutes: number },
): number | null {
  const windowMs = limit.windowMinutes * 60_000;
  const inWindow = recent
    .map((d) => d.getTime())
    .filter((t) => t > now.getTime() - windowMs)
    .sort((a, b) => a - b);
  if (inWindow.length < limit.max) return null;
  const freedAt = inWindow[inWindow.length - limit.max]! + windowMs;
  return Math.max(1, Math.ceil((freedAt - now.getTime()) / 1000));
}
