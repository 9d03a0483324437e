import type { GoalDirection } from '../../db/schema';

/**
 * How far a goal is toward its target, in percent with one decimal, between 0 and 100; null when
 * either value is missing. The one home of this rule: the goal resource and the dashboard both
 * return it, and the CLI and the web dashboard draw it rather than computing their own.
 *
 * Loop has no starting value, so the distance still to go is measured against the target itself:
 * `increase` toward 40 at 10 is 25 % (10 short of 40 is three quarters to go), `decrease` toward
 * 0.5 at 1 is 0 % (0.5 over 0.5 is the whole way still to go). A current value at or past the
 * target is 100 %, and only that is; a target of 0 not yet met has no scale, so it is 0 %.
 */
export function goalPercent(direction: GoalDirection, currentValue: number | null, targetValue: number | null): number | null {
  if (currentValue === null || targetValue === null) return null;
  const shortfall = direction === 'increase' ? targetValue - currentValue : currentValue - targetValue;
  if (shortfall <= 0) return 100;
  if (targetValue === 0) return 0;
  const done = Math.max(0, 1 - shortfall / Math.abs(targetValue));
  // 100 is kept for a goal that is met: a hair short never rounds up to it.
  return Math.min(Math.round(done * 1000), 999) / 10;
}
