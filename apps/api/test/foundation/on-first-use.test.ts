import { describe, expect, it } from 'vitest';
import { onFirstUse } from '../../src/on-first-use';

describe('onFirstUse (a module imported when first needed)', () => {
  it('loads once and hands every later caller the same module', async () => {
    let loads = 0;
    const load = onFirstUse(() => Promise.resolve({ loaded: ++loads }));
    const [first, second] = await Promise.all([load(), load()]);
    expect(await load()).toBe(first);
    expect(second).toBe(first);
    expect(loads).toBe(1);
  });

  it('tries again after a failed load instead of keeping the failure', async () => {
    let attempts = 0;
    const load = onFirstUse(() => {
      attempts++;
      return attempts === 1 ? Promise.reject(new Error('not yet')) : Promise.resolve({ attempt: attempts });
    });
    await expect(load()).rejects.toThrow('not yet');
    expect(await load()).toEqual({ attempt: 2 });
    expect(await load()).toEqual({ attempt: 2 });
  });
});
