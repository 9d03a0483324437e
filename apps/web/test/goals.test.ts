import { describe, expect, it } from 'vitest';
import { goalProgressView } from '../src/lib/goals';

describe('goal progress', () => {
  it('shows a decrease goal above its target as the API says (0 %), with "≤" in the target', () => {
    const view = goalProgressView({ currentValue: 1, targetValue: 0.5, unit: '%', direction: 'decrease', percent: 0 });
    expect(view).toEqual({ direction: 'decrease', percent: 0, target: 'target ≤ 0.5 %', current: 'now 1 %' });
  });

  it('treats a goal without a direction as increase, and never recomputes the percent', () => {
    const view = goalProgressView({ currentValue: 10, targetValue: 40, unit: null, percent: 25 });
    expect(view.direction).toBe('increase');
    expect(view.target).toBe('target ≥ 40');
    expect(view.percent).toBe(25);
  });

  it('has no percent when the API gives none (a missing value)', () => {
    const view = goalProgressView({ currentValue: null, targetValue: 40, unit: 'signups', direction: 'increase', percent: null });
    expect(view.percent).toBeNull();
    expect(view.current).toBe('no measurement yet');
  });
});
