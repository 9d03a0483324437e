import type { RelationType } from '../../db/schema';

/** A relation in the one form the table's CHECKs admit (ADR 0014): never `blocked_by`. */
export interface StoredRelation {
  type: Exclude<RelationType, 'blocked_by'>;
  issueId: string;
  relatedIssueId: string;
}

/** Each type read from the other issue's side: `blocks` and `blocked_by` are each other's inverse, the rest symmetric. */
const inverseOf: Record<RelationType, RelationType> = {
  blocks: 'blocked_by',
  blocked_by: 'blocks',
  related: 'related',
  duplicate: 'duplicate',
};

/**
 * The stored form of "issue `issueId` <type> issue `relatedIssueId`": "A blocked_by B" is "B blocks A",
 * and the symmetric types put the smaller id first (JavaScript `<`, the same byte order as `collate "C"`),
 * so one fact has one row however it was written.
 */
export function canonicalRelation(type: RelationType, issueId: string, relatedIssueId: string): StoredRelation {
  if (type === 'blocked_by') return { type: 'blocks', issueId: relatedIssueId, relatedIssueId: issueId };
  if (type === 'blocks' || issueId < relatedIssueId) return { type, issueId, relatedIssueId };
  return { type, issueId: relatedIssueId, relatedIssueId: issueId };
}

/**
 * A stored row read from one of its two issues: as stored from its `issueId` (`storedAsSubject`),
 * inverted from its `relatedIssueId` — so a `blocks` row reads `blocked_by` from the blocked issue.
 */
export function relationTypeSeenFrom(type: RelationType, storedAsSubject: boolean): RelationType {
  return storedAsSubject ? type : inverseOf[type];
}
