import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { type RelationType, issueRelations, issues } from '../../db/schema';
import { conflict, invalidField, invalidReference, notFound } from '../errors';
import { presentIssueSummary } from '../issues/present';
import { issueRefCondition, requireIssueId, type IssueRef } from '../issues/reference';
import type { IssueRelation } from '../issues/schemas';
import { canonicalRelation } from './direction';
import type { CreateRelationInput } from './schemas';

const alreadyPhrases: Record<RelationType, string> = {
  blocks: 'already blocks',
  blocked_by: 'is already blocked by',
  related: 'is already related to',
  duplicate: 'is already a duplicate of',
};

/**
 * Relates the path issue to another and returns the relation as the path issue sees it. The same fact
 * twice (from either side) is a 409, and so is the inverse of an existing block: two issues blocking
 * each other could never be worked on.
 */
export async function createRelation(db: DB, issueRef: IssueRef, input: CreateRelationInput, now: Date): Promise<IssueRelation> {
  return db.transaction(async (tx) => {
    const issueId = await requireIssueId(tx, issueRef);
    const [related] = await tx
      .select({
        id: issues.id,
        number: issues.number,
        title: issues.title,
        type: issues.type,
        status: issues.status,
        priority: issues.priority,
      })
      .from(issues)
      .where(issueRefCondition(input.relatedIssueId))
      .limit(1);
    if (!related) throw invalidReference('relatedIssueId', 'issue', input.relatedIssueId);
    if (related.id === issueId) throw invalidField('relatedIssueId', 'an issue cannot be related to itself');

    const fact = canonicalRelation(input.type, issueId, related.id);
    if (fact.type === 'blocks') {
      const [inverse] = await tx
        .select({ id: issueRelations.id })
        .from(issueRelations)
        .where(
          and(
            eq(issueRelations.type, 'blocks'),
            eq(issueRelations.issueId, fact.relatedIssueId),
            eq(issueRelations.relatedIssueId, fact.issueId),
          ),
        )
        .limit(1);
      if (inverse) {
        throw conflict(`The opposite block already exists (relation ${inverse.id}); two issues cannot block each other`);
      }
    }
    const [row] = await tx
      .insert(issueRelations)
      .values({ ...fact, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: issueRelations.id });
    if (!row) {
      throw conflict(`This relation already exists: this issue ${alreadyPhrases[input.type]} issue #${related.number}`);
    }
    return { id: row.id, type: input.type, issue: presentIssueSummary(related) };
  });
}

/** Hard delete. A relation touching a deleted issue is invisible, so it answers 404 like an unknown id. */
export async function deleteRelation(db: DB, id: string): Promise<void> {
  const liveIssues = db.select({ id: issues.id }).from(issues).where(isNull(issues.deletedAt));
  const [row] = await db
    .delete(issueRelations)
    .where(
      and(
        eq(issueRelations.id, id),
        inArray(issueRelations.issueId, liveIssues),
        inArray(issueRelations.relatedIssueId, liveIssues),
      ),
    )
    .returning({ id: issueRelations.id });
  if (!row) throw notFound('Relation', id);
}
