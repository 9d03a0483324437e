import { describe, expect, it } from 'vitest';
import type { IssueType } from '../../src/db/schema';
import { ageDays, compareForQueue, type RankInput, scoreIssue } from '../support/scoring-oracle';

const now = new Date('2026-11-22T12:00:00.000Z');
const hours = (n: number) => n * 60 * 60 * 1000;
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('scoreIssue', () => {
  it.each([
    { case: 'urgent (1)', priority: 1, goal: false, waited: 0, expected: { priority: 100, goal: 0, age: 0, total: 100 } },
    { case: 'high (2)', priority: 2, goal: false, waited: 0, expected: { priority: 75, goal: 0, age: 0, total: 75 } },
    { case: 'medium (3)', priority: 3, goal: false, waited: 0, expected: { priority: 50, goal: 0, age: 0, total: 50 } },
    { case: 'low (4)', priority: 4, goal: false, waited: 0, expected: { priority: 25, goal: 0, age: 0, total: 25 } },
    { case: 'none (0)', priority: 0, goal: false, waited: 0, expected: { priority: 10, goal: 0, age: 0, total: 10 } },
    { case: 'active goal bonus', priority: 3, goal: true, waited: 0, expected: { priority: 50, goal: 20, age: 0, total: 70 } },
    { case: 'just under a day', priority: 0, goal: false, waited: hours(24) - 1, expected: { priority: 10, goal: 0, age: 0, total: 10 } },
    { case: 'exactly one day', priority: 0, goal: false, waited: hours(24), expected: { priority: 10, goal: 0, age: 1, total: 11 } },
    { case: 'three and a half days', priority: 4, goal: false, waited: hours(84), expected: { priority: 25, goal: 0, age: 3, total: 28 } },
    { case: 'everything together', priority: 2, goal: true, waited: hours(24 * 10 + 5), expected: { priority: 75, goal: 20, age: 10, total: 105 } },
    { case: 'a future timestamp (clock skew)', priority: 1, goal: false, waited: -hours(48), expected: { priority: 100, goal: 0, age: 0, total: 100 } },
  ])('$case', ({ priority, goal, waited, expected }) => {
    expect(scoreIssue({ priority, hasActiveGoal: goal, statusChangedAt: ago(waited) }, now)).toEqual(expected);
  });

  it('counts whole days only', () => {
    expect(ageDays(ago(hours(47)), now)).toBe(1);
    expect(ageDays(ago(hours(48)), now)).toBe(2);
  });
});

describe('compareForQueue', () => {
  const issue = (fields: Partial<RankInput> & { number: number }): RankInput => ({
    priority: 0,
    hasActiveGoal: false,
    statusChangedAt: now,
    type: 'task',
    ...fields,
  });
  const rank = (items: RankInput[]) => [...items].sort(compareForQueue(now)).map((item) => item.number);

  it('puts the higher score first, whatever the number', () => {
    expect(rank([issue({ number: 1, priority: 4 }), issue({ number: 2, priority: 1 })])).toEqual([2, 1]);
  });

  it('puts an issue serving an active goal before the same priority without one', () => {
    expect(rank([issue({ number: 1, priority: 3 }), issue({ number: 2, priority: 3, hasActiveGoal: true })])).toEqual([2, 1]);
  });

  it('lets age lift an old issue over a newer one of the same priority', () => {
    expect(rank([issue({ number: 1 }), issue({ number: 2, statusChangedAt: ago(hours(24)) })])).toEqual([2, 1]);
  });

  it('breaks a score tie by loop order: signal, hypothesis, plan, task, monitor', () => {
    const types: IssueType[] = ['monitor', 'task', 'plan', 'hypothesis', 'signal'];
    // Numbers ascend against loop order, so dropping this tie-break would reverse the result.
    const items = types.map((type, index) => issue({ number: index + 1, type }));
    expect(rank(items)).toEqual([5, 4, 3, 2, 1]);
  });

  it('then prefers the longest-waiting issue (within the same whole day)', () => {
    const recent = issue({ number: 1, statusChangedAt: ago(hours(1)) });
    const waiting = issue({ number: 2, statusChangedAt: ago(hours(20)) });
    expect(scoreIssue(recent, now).total).toBe(scoreIssue(waiting, now).total);
    expect(rank([recent, waiting])).toEqual([2, 1]);
  });

  it('finally takes the lowest number', () => {
    expect(rank([issue({ number: 9 }), issue({ number: 3 }), issue({ number: 5 })])).toEqual([3, 5, 9]);
  });
});
