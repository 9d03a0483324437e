import { describe, expect, it } from 'vitest';
import { goalPercent } from '../../src/domain/goals/progress';

describe('goalPercent', () => {
  it('measures an increase as the share of the target reached, one decimal', () => {
    expect(goalPercent('increase', 1, 3)).toBe(33.3);
    expect(goalPercent('increase', 0, 40)).toBe(0);
    expect(goalPercent('increase', -10, 40)).toBe(0);
  });

  it('measures a decrease by how far above the target the value still is', () => {
    expect(goalPercent('decrease', 1, 0.5)).toBe(0);
    expect(goalPercent('decrease', 0.6, 0.5)).toBe(80);
    expect(goalPercent('decrease', 12, 0.5)).toBe(0);
  });

  it('is 100 exactly when the target is met, from either side, and never more', () => {
    expect(goalPercent('increase', 150, 100)).toBe(100);
    expect(goalPercent('increase', 100, 100)).toBe(100);
    expect(goalPercent('decrease', 0.5, 0.5)).toBe(100);
    expect(goalPercent('decrease', 0, 0.5)).toBe(100);
    expect(goalPercent('increase', 99.99, 100)).toBe(99.9);
  });

  it('handles a target of 0 and negative targets without dividing by nothing', () => {
    expect(goalPercent('decrease', 0, 0)).toBe(100);
    expect(goalPercent('decrease', 3, 0)).toBe(0);
    expect(goalPercent('increase', -5, 0)).toBe(0);
    expect(goalPercent('decrease', -100, -120)).toBe(83.3);
    expect(goalPercent('increase', -100, -120)).toBe(100);
  });

  it('cannot be said without both values', () => {
    expect(goalPercent('increase', null, 100)).toBeNull();
    expect(goalPercent('decrease', 5, null)).toBeNull();
  });
});
