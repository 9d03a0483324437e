import type { IssueType } from '../../src/db/schema';

/**
 * A test oracle: the queue's score as docs/dispatch.md states it, as a pure function, with its own
 * copy of the documented weights. Production ranks in SQL only (`src/domain/dispatch/ready.ts`);
 * `test/dispatch/scoring.test.ts` pins this oracle to the documented table, and the queue and claim
 * tests check the SQL's order and breakdowns against it.
 */

/** Weight per priority value (0 none, 1 urgent, 2 high, 3 medium, 4 low). */
const priorityWeights: Readonly<Record<number, number>> = { 1: 100, 2: 75, 3: 50, 4: 25, 0: 10 };
const noPriorityWeight = 10;

/** Added when the issue's project (live) links a live goal whose status is `active`. */
const activeGoalBonus = 20;

/** One point per full day since the issue's status last changed, so nothing starves. */
const msPerAgePoint = 24 * 60 * 60 * 1000;

/** The tie-breaker after the score: earlier stages of the loop first. */
const loopOrder: readonly IssueType[] = ['signal', 'hypothesis', 'plan', 'task', 'monitor'];

export interface ScoreBreakdown {
  priority: number;
  goal: number;
  age: number;
  total: number;
}

export interface ScoreInput {
  priority: number;
  hasActiveGoal: boolean;
  statusChangedAt: Date;
}

export function priorityWeight(priority: number): number {
  return priorityWeights[priority] ?? noPriorityWeight;
}

/** Full days waited; a timestamp in the future (clock skew) counts as zero, never negative. */
export function ageDays(statusChangedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - statusChangedAt.getTime()) / msPerAgePoint));
}

export function scoreIssue(input: ScoreInput, now: Date): ScoreBreakdown {
  const priority = priorityWeight(input.priority);
  const goal = input.hasActiveGoal ? activeGoalBonus : 0;
  const age = ageDays(input.statusChangedAt, now);
  return { priority, goal, age, total: priority + goal + age };
}

export interface RankInput extends ScoreInput {
  type: IssueType;
  number: number;
}

/**
 * Queue order: higher score first, then loop order (signal … monitor), then the longest-waiting
 * issue (oldest `statusChangedAt`), then the lowest number. A total order, so the queue is stable.
 */
export function compareForQueue(now: Date) {
  return (a: RankInput, b: RankInput): number =>
    scoreIssue(b, now).total - scoreIssue(a, now).total ||
    loopOrder.indexOf(a.type) - loopOrder.indexOf(b.type) ||
    a.statusChangedAt.getTime() - b.statusChangedAt.getTime() ||
    a.number - b.number;
}
