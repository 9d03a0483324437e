import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { prepared } from '../../db/prepared';
import { notFound } from '../errors';
import { relationTypeSeenFrom } from '../relations/direction';
import { iso } from '../time';
import { presentIssue, presentIssueSummary } from './present';
import { type IssueRef, issueRefKey } from './reference';
import type { IssueDetail, IssueRelation } from './schemas';

const summaryColumns = { id: true, number: true, title: true, type: true, status: true, priority: true } as const;
const summaryWithDeletion = { ...summaryColumns, deletedAt: true } as const;

const live = <T extends { deletedAt: Date | null }>(row: T | null | undefined): row is T =>
  row !== null && row !== undefined && row.deletedAt === null;

/**
 * The issue with its parent, children, project, labels, relations and agent sessions (its claims),
 * in a single statement: one
 * relational query whose nested `with` Drizzle compiles into lateral joins. Deleted rows are dropped
 * (children in SQL; one-to-one rows, which Drizzle cannot filter in SQL, right here).
 */
export async function getIssueDetail(db: DB, ref: IssueRef): Promise<IssueDetail> {
  const key = issueRefKey(ref);
  const row = await issueDetailQuery(db, key.column).execute({ ref: key.value });
  if (!row) throw notFound('Issue', ref);

  const { parent, children, project, issueLabels, outgoingRelations, incomingRelations, dispatches, ...issue } = row;
  const liveParent = live(parent) ? parent : null;
  const liveProject = live(project) ? project : null;

  const sides = [
    ...outgoingRelations.map((relation) => ({ relation, other: relation.relatedIssue, subject: true })),
    ...incomingRelations.map((relation) => ({ relation, other: relation.issue, subject: false })),
  ];
  const relations: IssueRelation[] = sides
    .filter(({ other }) => live(other))
    .sort((a, b) => a.relation.createdAt.getTime() - b.relation.createdAt.getTime() || compare(a.relation.id, b.relation.id))
    .map(({ relation, other, subject }) => ({
      id: relation.id,
      type: relationTypeSeenFrom(relation.type, subject),
      issue: presentIssueSummary(other),
    }));

  return {
    ...presentIssue({ ...issue, parentId: liveParent?.id ?? null, projectId: liveProject?.id ?? null }),
    parent: liveParent ? presentIssueSummary(liveParent) : null,
    children: children.map(presentIssueSummary),
    project: liveProject ? { id: liveProject.id, name: liveProject.name, status: liveProject.status } : null,
    labels: issueLabels
      .map(({ label }) => label)
      .filter(live)
      .sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()))
      .map(({ id, name, color }) => ({ id, name, color })),
    relations,
    sessions: dispatches.map((dispatch) => ({
      dispatchId: dispatch.id,
      outcome: dispatch.outcome,
      claimedAt: iso(dispatch.claimedAt),
      leaseExpiresAt: iso(dispatch.leaseExpiresAt),
      finishedAt: dispatch.finishedAt ? iso(dispatch.finishedAt) : null,
      agentSessionId: dispatch.agentSessionId,
      summary: dispatch.summary,
      commits: dispatch.commits,
      pullRequests: dispatch.pullRequests,
      templateSlug: dispatch.template?.slug ?? null,
      versionId: dispatch.versionId,
      versionNumber: dispatch.version?.version ?? null,
    })),
  };
}

/** The detail query, prepared once per database for each way of naming the issue. */
const issueDetailQuery = (db: DB, by: 'id' | 'number') =>
  prepared(db, `issue_detail_by_${by}`, (name) =>
    db.query.issues
      .findFirst({
        where: (issue) => and(eq(issue[by], sql.placeholder('ref')), isNull(issue.deletedAt)),
        with: {
          parent: { columns: summaryWithDeletion },
          children: {
            columns: summaryColumns,
            where: (child) => isNull(child.deletedAt),
            orderBy: (child) => [asc(child.number)],
          },
          project: { columns: { id: true, name: true, status: true, deletedAt: true } },
          issueLabels: { with: { label: { columns: { id: true, name: true, color: true, deletedAt: true } } } },
          outgoingRelations: {
            columns: { id: true, type: true, createdAt: true },
            with: { relatedIssue: { columns: summaryWithDeletion } },
          },
          incomingRelations: {
            columns: { id: true, type: true, createdAt: true },
            with: { issue: { columns: summaryWithDeletion } },
          },
          dispatches: {
            columns: {
              id: true,
              outcome: true,
              claimedAt: true,
              leaseExpiresAt: true,
              finishedAt: true,
              agentSessionId: true,
              summary: true,
              commits: true,
              pullRequests: true,
              versionId: true,
            },
            with: { template: { columns: { slug: true } }, version: { columns: { version: true } } },
            orderBy: (dispatch) => [desc(dispatch.claimedAt), desc(dispatch.id)],
          },
        },
      })
      .prepare(name),
  );

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
