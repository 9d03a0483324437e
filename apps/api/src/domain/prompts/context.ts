import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { prepared, preparedManyWith } from '../../db/prepared';
import { type DispatchOutcome, issues } from '../../db/schema';
import { notFound } from '../errors';
import { presentIssue, presentIssueSummary } from '../issues/present';
import type { Issue, IssueSummary } from '../issues/schemas';
import { relationTypeSeenFrom } from '../relations/direction';
import { iso, isoOrNull } from '../time';
import type { ContextGoal, ContextLabel, ContextProject, PreviousSession } from './schemas';
import type { SelectionContext } from './selection';

export type { SelectionContext } from './selection';

/**
 * Everything a prompt is rendered from, already in API shape (camelCase, ISO timestamps), so the
 * dispatch response can embed the same pieces the template saw.
 */
export interface DispatchContext {
  issue: Issue;
  project: ContextProject | null;
  /** The project's goal (null without a project, or when the goal is deleted). */
  goal: ContextGoal | null;
  /** The full parent issue: templates quote its description and hypothesis. */
  parent: Issue | null;
  /** The issue's children when it is a root; empty for a child. */
  children: IssueSummary[];
  /** The other children of its parent when it is a child; empty for a root. */
  siblings: IssueSummary[];
  labels: ContextLabel[];
  /** Issues that block this one, however the relation was written. */
  blockedBy: IssueSummary[];
  /** Issues this one blocks. */
  blocking: IssueSummary[];
  /** Earlier claims of the issue, oldest first. */
  previousSessions: PreviousSession[];
  selection: SelectionContext;
}

/** Outcomes of an earlier claim that make `hasFailedSessions` true. */
export const failedOutcomes: readonly DispatchOutcome[] = ['expired', 'released', 'canceled'];

const summaryColumns = {
  id: true,
  number: true,
  title: true,
  type: true,
  status: true,
  priority: true,
  deletedAt: true,
} as const;

const blockingTypes = ['blocks', 'blocked_by'] as const;

/** What the context query reads along with the issue. */
const contextRelations = {
  project: { with: { goal: true } },
  parent: {
    with: {
      children: {
        columns: summaryColumns,
        where: (child, { isNull: missing }) => missing(child.deletedAt),
        orderBy: (child, { asc: ascending }) => ascending(child.number),
      },
    },
  },
  children: {
    columns: summaryColumns,
    where: (child, { isNull: missing }) => missing(child.deletedAt),
    orderBy: (child, { asc: ascending }) => ascending(child.number),
  },
  issueLabels: { with: { label: true } },
  outgoingRelations: {
    where: (relation, { inArray: oneOf }) => oneOf(relation.type, [...blockingTypes]),
    with: { relatedIssue: { columns: summaryColumns } },
  },
  incomingRelations: {
    where: (relation, { inArray: oneOf }) => oneOf(relation.type, [...blockingTypes]),
    with: { issue: { columns: summaryColumns } },
  },
  dispatches: { orderBy: (dispatch, { asc: ascending }) => [ascending(dispatch.claimedAt), ascending(dispatch.id)] },
} satisfies NonNullable<Parameters<DB['query']['issues']['findFirst']>[0]>['with'];

/** The context query (with or without deleted issues), not yet prepared. */
const contextQuery = (db: DB, includeDeleted: boolean) =>
  db.query.issues.findFirst({
    where: includeDeleted
      ? eq(issues.id, sql.placeholder('issueId'))
      : and(eq(issues.id, sql.placeholder('issueId')), isNull(issues.deletedAt)),
    with: contextRelations,
  });

/**
 * The context query of several issues, deleted or not (the claims of a batch), not yet prepared. The
 * LIMIT (the batch's size) changes no answer: a generic plan takes a LIMIT it cannot see as a tenth
 * of what it limits, so the plan is made for the one issue a claim loads, each related table probed
 * by index, rather than for ten, where reading a table that statistics call small once could look
 * cheaper than ten probes of it.
 */
const claimedContextsQuery = (db: DB) =>
  db.query.issues.findMany({
    where: sql`${issues.id} = any(${sql.placeholder('issueIds')}::text[])`,
    limit: sql.placeholder('issueCount'),
    with: contextRelations,
  });

type ContextRow = NonNullable<Awaited<ReturnType<ReturnType<typeof contextQuery>['execute']>>>;

/**
 * A write that runs in the same statement as the context query, as a WITH clause of data-modifying
 * statements placed in front of it (the claim records its template choice this way). `shape` names
 * the SQL text, which must take its values as `sql.placeholder`s, given in `values`.
 */
export interface AlongsideWrite {
  shape: string;
  withClause: SQL;
  values: Record<string, unknown>;
}

/**
 * Loads an issue with everything its prompt needs in one relational query (one SQL statement,
 * however many related rows there are). Soft-deleted rows are dropped. Throws not_found for an
 * unknown or deleted issue.
 *
 * `previousSessions` holds every dispatch row of the issue; a claimer should load the context
 * before recording its new claim, or pass `excludeDispatchId`. `includeDeleted` is for a claimer
 * too: the issue it has just claimed is handed out even if someone deleted it a moment later.
 */
export async function loadDispatchContext(
  db: DB,
  issueId: string,
  options: { excludeDispatchId?: string; includeDeleted?: boolean } = {},
): Promise<DispatchContext> {
  const shape = options.includeDeleted ? 'dispatch_context_any' : 'dispatch_context_live';
  const row = await prepared(db, shape, (name) => contextQuery(db, options.includeDeleted ?? false).prepare(name)).execute({ issueId });
  if (!row) throw notFound('Issue', issueId);
  return presentContext(row, options.excludeDispatchId);
}

/**
 * `loadDispatchContext` for the issues a batch of claims has just claimed, deleted or not, in one
 * statement; `alongside` runs a write in that statement (`AlongsideWrite`). Each context leaves out
 * its own claim (`excludeDispatchId`), so `previousSessions` holds only earlier claims.
 */
export async function loadClaimedContexts(
  db: DB,
  claims: readonly { issueId: string; excludeDispatchId: string }[],
  alongside: AlongsideWrite,
): Promise<DispatchContext[]> {
  const query = preparedManyWith(db, `dispatch_contexts_${alongside.shape}`, () => claimedContextsQuery(db), alongside.withClause);
  const rows = await query.execute({ ...alongside.values, issueIds: claims.map((claim) => claim.issueId), issueCount: claims.length });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return claims.map((claim) => {
    const row = byId.get(claim.issueId);
    if (!row) throw notFound('Issue', claim.issueId);
    return presentContext(row, claim.excludeDispatchId);
  });
}

/** A context row in API shape, soft-deleted related rows dropped. */
function presentContext(row: ContextRow, excludeDispatchId: string | undefined): DispatchContext {
  const live = <T extends { deletedAt: Date | null }>(item: T | null | undefined): item is T => !!item && !item.deletedAt;

  const project = live(row.project) ? row.project : null;
  const goal = project && live(project.goal) ? project.goal : null;
  const parent = live(row.parent) ? row.parent : null;

  const blockedBy: IssueSummary[] = [];
  const blocking: IssueSummary[] = [];
  const sides = [
    ...row.outgoingRelations.map((relation) => ({ type: relationTypeSeenFrom(relation.type, true), other: relation.relatedIssue })),
    ...row.incomingRelations.map((relation) => ({ type: relationTypeSeenFrom(relation.type, false), other: relation.issue })),
  ];
  for (const { type, other } of sides) {
    if (live(other)) (type === 'blocks' ? blocking : blockedBy).push(presentIssueSummary(other));
  }
  const byNumber = (a: IssueSummary, b: IssueSummary) => a.number - b.number;

  const labels = row.issueLabels
    .map(({ label }) => label)
    .filter(live)
    .map((label) => ({ id: label.id, name: label.name, color: label.color }))
    .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));

  const previousSessions: PreviousSession[] = row.dispatches
    .filter((dispatch) => dispatch.id !== excludeDispatchId)
    .map((dispatch) => ({
      dispatchId: dispatch.id,
      outcome: dispatch.outcome,
      claimedAt: iso(dispatch.claimedAt),
      leaseExpiresAt: iso(dispatch.leaseExpiresAt),
      finishedAt: isoOrNull(dispatch.finishedAt),
      agentSessionId: dispatch.agentSessionId,
      summary: dispatch.summary,
      commits: dispatch.commits,
      pullRequests: dispatch.pullRequests,
      versionId: dispatch.versionId,
    }));

  const issue = presentIssue(row);
  return {
    issue,
    project: project
      ? {
          id: project.id,
          name: project.name,
          description: project.description,
          status: project.status,
          health: project.health,
        }
      : null,
    goal: goal
      ? {
          id: goal.id,
          title: goal.title,
          description: goal.description,
          metric: goal.metric,
          targetValue: goal.targetValue,
          currentValue: goal.currentValue,
          unit: goal.unit,
          status: goal.status,
        }
      : null,
    parent: parent ? presentIssue(parent) : null,
    children: row.parentId ? [] : row.children.map(presentIssueSummary),
    siblings: parent ? parent.children.filter((child) => child.id !== row.id).map(presentIssueSummary) : [],
    labels,
    blockedBy: blockedBy.sort(byNumber),
    blocking: blocking.sort(byNumber),
    previousSessions,
    selection: {
      type: issue.type,
      status: issue.status,
      priority: issue.priority,
      signalSource: issue.signalSource,
      labels: labels.map((label) => label.name),
      projectId: project ? project.id : null,
      hasFailedSessions: previousSessions.some((session) => failedOutcomes.includes(session.outcome)),
      hypothesisConfidence: issue.hypothesis?.confidence ?? null,
    },
  };
}
