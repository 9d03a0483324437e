import { isCuid } from '@paralleldrive/cuid2/index.js';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/db/ids';
import { issues } from '../../src/db/schema';

describe('newId', () => {
  it('gives 24-character CUID2s, all distinct over many calls (several refills of its random pool)', () => {
    const ids = Array.from({ length: 2_000 }, () => newId());
    for (const id of ids) {
      expect(id).toHaveLength(24);
      expect(isCuid(id), id).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('spreads the first letter over the whole alphabet, as cuid2 does from uniform randomness', () => {
    const firsts = new Set(Array.from({ length: 2_000 }, () => newId()[0]));
    expect(firsts.size).toBe(26);
  });

  it('writes the rest in base 36: the hash converted to digits and letters alike', () => {
    const rest = new Set(Array.from({ length: 500 }, () => newId().slice(1)).join(''));
    expect([...rest].sort().join('')).toBe('0123456789abcdefghijklmnopqrstuvwxyz');
  });

  it('is what the schema generates a primary key with', () => {
    const generated = issues.id.defaultFn!();
    expect(typeof generated).toBe('string');
    expect(isCuid(generated as string)).toBe(true);
  });
});
