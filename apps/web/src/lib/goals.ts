export type GoalDirection = 'increase' | 'decrease';

/** The fields of a goal (the resource or the dashboard's progress) that its bar needs. */
export interface GoalMeasure {
  currentValue: number | null;
  targetValue: number | null;
  unit: string | null;
  direction?: GoalDirection | undefined;
  percent?: number | null | undefined;
}

export interface GoalProgressView {
  direction: GoalDirection;
  /** The API's own percent (the one home of the rule); null when it has none to give. */
  percent: number | null;
  /** e.g. "target ≤ 0.5 %" or "target ≥ 40 signups". */
  target: string;
  /** e.g. "now 1 %" or "no measurement yet". */
  current: string;
}

function amount(value: number, unit: string | null): string {
  return unit ? `${value} ${unit}` : String(value);
}

/**
 * What a goal's bar shows. The percent is never recomputed here: the API applies the direction, and
 * a dashboard that guessed would show "error rate below 0.5 %" at 1 % as 100 % done. A goal without
 * a direction (an API from before the field) is an `increase` goal, the API's default.
 */
export function goalProgressView(goal: GoalMeasure): GoalProgressView {
  const direction: GoalDirection = goal.direction === 'decrease' ? 'decrease' : 'increase';
  const percent = typeof goal.percent === 'number' ? goal.percent : null;
  const target =
    goal.targetValue === null ? 'no target set' : `target ${direction === 'decrease' ? '≤' : '≥'} ${amount(goal.targetValue, goal.unit)}`;
  const current = goal.currentValue === null ? 'no measurement yet' : `now ${amount(goal.currentValue, goal.unit)}`;
  return { direction, percent, target, current };
}
