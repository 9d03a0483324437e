import { and, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DB } from '../../db/database';
import { rawRows } from '../../db/raw-rows';
import { type IssueStatus, issueLabels, issues, projects } from '../../db/schema';
import { closeOpenClaimsSql, onIssueStatusChange } from '../dispatch/lifecycle';
import { versionOutcomeMetricsSql } from '../dispatch/metrics';
import { timestampParam } from '../dispatch/ready';
import { notFound } from '../errors';
import { checkBodyReferences } from './body-references';
import { presentIssue } from './present';
import { type IssueRef, issueRefCondition } from './reference';
import type { CreateIssueInput, Issue, UpdateIssueInput } from './schemas';

type IssueChanges = Partial<typeof issues.$inferInsert>;

const closedStatuses: readonly IssueStatus[] = ['done', 'canceled'];

/** `completedAt` follows the status: set when it becomes done/canceled, cleared when reopened. */
const completedAtFor = (status: IssueStatus, now: Date) => (closedStatuses.includes(status) ? now : null);

const unique = (ids: string[]) => [...new Set(ids)];

/**
 * Creates an issue with its labels in at most two statements and no explicit transaction: the
 * reference check (only when the body names a parent, project or labels), then one statement that
 * inserts the issue and links its labels (a data-modifying CTE, atomic on its own). Between the two,
 * a named row could be soft-deleted; a transaction would not prevent that either (the check locks
 * nothing), and the foreign keys still refuse a row that is really gone.
 */
export async function createIssue(db: DB, input: CreateIssueInput, now: Date): Promise<Issue> {
  const { parentId } = await checkBodyReferences(db, {
    parentRef: input.parentId,
    projectId: input.projectId,
    labelIds: input.labelIds,
  });
  const status = input.status ?? 'triage';
  const created = db.$with('created').as(
    db
      .insert(issues)
      .values({
        title: input.title,
        type: input.type,
        description: input.description ?? null,
        status,
        priority: input.priority ?? 0,
        parentId: parentId ?? null,
        projectId: input.projectId ?? null,
        signalSource: input.signalSource ?? null,
        signalPayload: input.signalPayload ?? null,
        hypothesis: input.hypothesis ?? null,
        completedAt: completedAtFor(status, now),
        statusChangedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning(),
  );
  const labelIds = unique(input.labelIds ?? []);
  if (labelIds.length === 0) {
    const [row] = await db.with(created).select().from(created);
    return presentIssue(row!);
  }
  const labelId = sql<string>`unnest(array[${sql.join(
    labelIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::text[])`.as('label_id');
  const linked = db.$with('linked').as(
    db
      .insert(issueLabels)
      .select(db.select({ issueId: created.id, labelId }).from(created))
      .returning({ labelId: issueLabels.labelId }),
  );
  const [row] = await db.with(created, linked).select().from(created);
  return presentIssue(row!);
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
 * Applies a partial update. A status change stamps `statusChangedAt`, moves `completedAt`, and lets
 * dispatch react (`onIssueStatusChange`) inside the same transaction, so both commit or neither does.
 * `labelIds` replaces the whole set.
 */
export async function updateIssue(db: DB, ref: IssueRef, patch: UpdateIssueInput, now: Date): Promise<Issue> {
  return db.transaction(async (tx) => {
    const { issue: current, liveParentId, liveProjectId } = await lockIssue(tx, ref);
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
 * - `closed` closes its open claim as `canceled` (the report is kept, as on every close);
 * - `counted` recomputes those versions' completion rate (`closed` is invisible to its subqueries,
 *   so the claims it closed are added to the finished ones; canceled is never done, so the average
 *   duration is unchanged).
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
      closed as (${closeOpenClaimsSql(sql`select id from deleted`, 'canceled', now)}),
      counted as (
        update prompt_versions
        set ${versionOutcomeMetricsSql(sql`(select count(*) from closed where closed.version_id = prompt_versions.id)`)}
        where id in (select version_id from closed)
        returning id
      )
      select (select count(*) from deleted)::int as deleted from target`,
  );
  if (!row) return 'missing';
  return Number(row.deleted) > 0 ? 'deleted' : 'changed';
}

/**
 * Soft delete: the issue disappears from every read; its children become roots as far as reads go.
 * An open claim on it closes as `canceled` and its version's metrics are recomputed, in the same
 * statement. One statement, unless a claim (or another write) commits on the issue while that
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
