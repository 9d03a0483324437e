import { and, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DB } from '../../db/database';
import { statisticsKeeper } from '../../db/fresh-statistics';
import { newId } from '../../db/ids';
import { rawRows } from '../../db/raw-rows';
import { dispatches, type IssueStatus, issueLabels, issues, projects } from '../../db/schema';
import { type Fence, requireOpenClaim } from '../dispatch/fence';
import { closeOpenClaimsSql, onIssueStatusChange } from '../dispatch/lifecycle';
import { timestampParam } from '../dispatch/ready';
import { notFound } from '../errors';
import { applyReferenceRules, checkBodyReferences } from './body-references';
import { type CreateValues, createIssueStatement } from './create-statement';
import { presentIssue } from './present';
import { isClosedStatus } from './status';
import { type IssueRef, issueRefCondition, issueRefKey } from './reference';
import type { CreateIssueInput, Issue, UpdateIssueInput } from './schemas';

type IssueChanges = Partial<typeof issues.$inferInsert>;

/** `completedAt` follows the status: set when it becomes done/canceled, cleared when reopened. */
const completedAtFor = (status: IssueStatus, now: Date) => (isClosedStatus(status) ? now : null);

const unique = (ids: string[]) => [...new Set(ids)];

/**
 * Creates an issue with its labels in one statement, without a transaction (create-statement.ts):
 * it resolves the parent, project and labels the body names, inserts the issue only if all are live
 * and the parent is a root, and links the labels. It is prepared once per shape of body, so Drizzle
 * writes its text once per database rather than per request, and the id is a value (a `$defaultFn`
 * would run once, when the query is built). When the row is refused, the rules an update applies
 * (`applyReferenceRules`) read the same resolved references and throw the same error.
 */
export async function createIssue(db: DB, input: CreateIssueInput, now: Date): Promise<Issue> {
  const parent = input.parentId === null || input.parentId === undefined ? undefined : issueRefKey(input.parentId);
  const labelIds = unique(input.labelIds ?? []);
  const status = input.status ?? 'triage';
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

  const statement = createIssueStatement(db, {
    parentBy: parent?.column ?? null,
    project: Boolean(input.projectId),
    inheritProject: parent !== undefined && input.projectId === undefined,
    labels: labelIds.length > 0,
  });
  const [row] = await statement.execute({
    id: newId(),
    title: input.title,
    description: input.description ?? null,
    type: input.type,
    status,
    priority: input.priority ?? 0,
    parentRef: parent?.value,
    projectId: input.projectId ?? undefined,
    labelIds: labelIds.length > 0 ? JSON.stringify(labelIds) : undefined,
    signalSource: input.signalSource ?? null,
    signalPayload: json(input.signalPayload),
    hypothesis: json(input.hypothesis),
    completedAt: completedAtFor(status, now)?.toISOString() ?? null,
    now: now.toISOString(),
  } satisfies CreateValues);
  if (row?.created) {
    statisticsKeeper(db)?.wrote('issues', 1);
    return presentIssue(row.created);
  }
  const named = { parentRef: input.parentId, projectId: input.projectId, labelIds: input.labelIds };
  applyReferenceRules(named, row?.refs ?? {});
  throw new Error('The issue was not inserted, yet every reference it names passed the rules');
}

/** Reads and locks the issue a patch edits, with its parent and project as far as they are live. */
async function lockIssue(db: DB, ref: IssueRef) {
  const parent = alias(issues, 'current_parent');
  const [current] = await db
    .select({ issue: issues, liveParentId: parent.id, liveProjectId: projects.id })
    .from(issues)
    .leftJoin(parent, and(eq(parent.id, issues.parentId), isNull(parent.deletedAt)))
    .leftJoin(projects, and(eq(projects.id, issues.projectId), isNull(projects.deletedAt)))
    .where(issueRefCondition(ref))
    .for('update', { of: issues });
  if (!current) throw notFound('Issue', ref);
  return current;
}

/**
 * What the agent reports, copied onto the issue's open claim as it arrives, so the claim keeps it
 * whatever ends it (an expired lease too): `previousSessions` shows each session's own report.
 */
async function recordReportOnClaim(db: DB, issueId: string, patch: UpdateIssueInput): Promise<void> {
  const report: Partial<typeof dispatches.$inferInsert> = {};
  if (patch.agentSummary !== undefined) report.summary = patch.agentSummary;
  if (patch.agentSessionId !== undefined) report.agentSessionId = patch.agentSessionId;
  if (patch.commits !== undefined) report.commits = patch.commits;
  if (patch.pullRequests !== undefined) report.pullRequests = patch.pullRequests;
  if (Object.keys(report).length === 0) return;
  await db
    .update(dispatches)
    .set(report)
    .where(and(eq(dispatches.issueId, issueId), eq(dispatches.outcome, 'claimed')));
}

/**
 * Applies a partial update. A status change stamps `statusChangedAt`, moves `completedAt`, and lets
 * dispatch react (`onIssueStatusChange`) inside the same transaction, so both commit or neither does.
 * `labelIds` replaces the whole set. With `fence.dispatchId` (an agent's report), the update happens
 * only while that dispatch is the issue's open claim, else `lease_lost` and nothing changes; the check
 * runs on the locked row, so no claim can slip in between the check and the write.
 */
export async function updateIssue(db: DB, ref: IssueRef, patch: UpdateIssueInput, now: Date, fence: Fence = {}): Promise<Issue> {
  return db.transaction(async (tx) => {
    const { issue: current, liveParentId, liveProjectId } = await lockIssue(tx, ref);
    if (fence.dispatchId !== undefined) await requireOpenClaim(tx, { dispatchId: fence.dispatchId, issueId: current.id, now });
    const visible = (row: typeof current) =>
      presentIssue({
        ...row,
        parentId: patch.parentId === undefined ? liveParentId : row.parentId,
        projectId: patch.projectId === undefined ? liveProjectId : row.projectId,
      });
    if (Object.keys(patch).length === 0) return visible(current);

    const { parentId } = await checkBodyReferences(
      tx,
      { parentRef: patch.parentId, projectId: patch.projectId, labelIds: patch.labelIds },
      { id: current.id, number: current.number },
    );

    const { labelIds, parentId: _parentRef, status, ...fields } = patch;
    const changes: IssueChanges = { ...fields, updatedAt: now };
    if (parentId !== undefined) changes.parentId = parentId;
    const statusChanged = status !== undefined && status !== current.status;
    if (statusChanged) {
      changes.status = status;
      changes.statusChangedAt = now;
      changes.completedAt = completedAtFor(status, now);
    }

    const [row] = await tx.update(issues).set(changes).where(eq(issues.id, current.id)).returning();

    if (labelIds !== undefined) {
      await tx.delete(issueLabels).where(eq(issueLabels.issueId, current.id));
      const wanted = unique(labelIds);
      if (wanted.length > 0) {
        await tx.insert(issueLabels).values(wanted.map((labelId) => ({ issueId: current.id, labelId })));
      }
    }
    await recordReportOnClaim(tx, current.id, patch);
    if (statusChanged) {
      await onIssueStatusChange(tx, { issueId: current.id, from: current.status, to: status, now });
    }
    return visible(row!);
  });
}

/**
 * The soft delete as one statement, atomic on its own:
 * - `target` finds the live issue the reference names, with its row version (`xmin`), as the
 *   statement's snapshot sees it;
 * - `deleted` soft-deletes it, only if that version is still the latest one;
 * - `closed` closes its open claim as `canceled` (the report is kept, as on every close; the
 *   version's metrics are counted from the dispatch rows when it is read).
 * Returns 'missing' when no live issue matches, 'changed' when another write (a claim) committed on
 * the issue after the snapshot was taken: `closed` could not see that claim, so nothing was done.
 */
async function softDeleteStatement(db: DB, ref: IssueRef, now: Date): Promise<'deleted' | 'missing' | 'changed'> {
  const at = timestampParam(now);
  const [row] = await rawRows<{ deleted: number | string }>(
    db,
    sql`with target as (
        select issues.id, issues.xmin as seen from issues where ${issueRefCondition(ref)}
      ),
      deleted as (
        update issues set deleted_at = ${at}, updated_at = ${at}
        from target
        where issues.id = target.id and issues.xmin = target.seen and issues.deleted_at is null
        returning issues.id
      ),
      closed as (${closeOpenClaimsSql(sql`select id from deleted`, 'canceled', now)})
      select (select count(*) from deleted)::int as deleted from target`,
  );
  if (!row) return 'missing';
  return Number(row.deleted) > 0 ? 'deleted' : 'changed';
}

/**
 * Soft delete: the issue disappears from every read; its children become roots as far as reads go.
 * An open claim on it closes as `canceled` in the same statement. One statement, unless a claim (or another write) commits on the issue while that
 * statement waits for the row: then the delete is done again in a transaction that locks the row
 * first, so its statement sees the new claim and nothing else can slip in.
 */
export async function deleteIssue(db: DB, ref: IssueRef, now: Date): Promise<void> {
  let result = await softDeleteStatement(db, ref, now);
  if (result === 'changed') {
    result = await db.transaction(async (tx) => {
      await tx.select({ id: issues.id }).from(issues).where(issueRefCondition(ref)).for('update');
      return softDeleteStatement(tx, ref, now);
    });
  }
  if (result === 'missing') throw notFound('Issue', ref);
  if (result === 'changed') throw new Error(`Issue ${ref} changed while its row was locked`);
}
