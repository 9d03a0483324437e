import { describe, expect, it } from 'vitest';
import { relationTypes } from '../../src/db/schema';
import { canonicalRelation, relationTypeSeenFrom } from '../../src/domain/relations/direction';

describe('relation direction', () => {
  it('reads a relation back from the issue that wrote it as written, and inverted from the other issue', () => {
    const inverse = { blocks: 'blocked_by', blocked_by: 'blocks', related: 'related', duplicate: 'duplicate' } as const;
    for (const type of relationTypes) {
      for (const [writer, other] of [['a', 'b'], ['b', 'a']] as const) {
        const stored = canonicalRelation(type, writer, other);
        expect(relationTypeSeenFrom(stored.type, stored.issueId === writer), `${writer} ${type} ${other}`).toBe(type);
        expect(relationTypeSeenFrom(stored.type, stored.issueId === other), `${other}'s side`).toBe(inverse[type]);
      }
    }
  });
});
