import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DB } from '../../db/database';
import { rawRows } from '../../db/raw-rows';
import { issues, labels, projects } from '../../db/schema';
import { type FieldProblem, invalidReference, LoopError } from '../errors';
import { checkHierarchy } from './hierarchy';
import { type IssueRef, issueRefConditionOn } from './reference';

/** What a create or update body names, besides the issue itself. */
export interface BodyReferences {
  parentRef?: IssueRef | null | undefined;
  projectId?: string | null | undefined;
  labelIds?: string[] | undefined;
}

/** The issue being edited, when there is one (an update rather than a create). */
export interface EditedIssue {
  id: string;
  number: number;
}

/**
 * What the database found for the rows a body names: the live parent (its id and number) and its
 * live parent, the live project, the live labels among those named, whether the edited issue has
 * live children. A field the body did not ask about may be absent or null.
 */
export interface ResolvedReferences {
  parentId?: string | null;
  parentNumber?: number | null;
  grandparentId?: string | null;
  projectId?: string | null;
  labelIds?: string[] | null;
  hasChildren?: boolean | null;
}

type ResolvedRow = ResolvedReferences & Record<string, unknown>;

/**
 * Checks every row a body names — parent, project, labels — plus the hierarchy rule, in one SQL
 * statement. Throws the first problem found (422); returns the parent's id when one is named.
 * (Creating an issue resolves the same rows inside its insert statement and applies the same rules.)
 */
export async function checkBodyReferences(
  db: DB,
  refs: BodyReferences,
  edited?: EditedIssue,
): Promise<{ parentId: string | null | undefined }> {
  const parentRef = refs.parentRef;
  const parent = alias(issues, 'named_parent');
  const grandparent = alias(issues, 'named_grandparent');
  const child = alias(issues, 'existing_child');
  const columns: SQL[] = [];

  if (parentRef !== null && parentRef !== undefined) {
    const named = (column: SQL) =>
      sql`(${db
        .select({ value: column })
        .from(parent)
        .leftJoin(grandparent, and(eq(grandparent.id, parent.parentId), isNull(grandparent.deletedAt)))
        .where(issueRefConditionOn(parent, parentRef))})`;
    columns.push(sql`${named(sql`${parent.id}`)} as "parentId"`);
    columns.push(sql`${named(sql`${parent.number}`)} as "parentNumber"`);
    columns.push(sql`${named(sql`${grandparent.id}`)} as "grandparentId"`);
    if (edited) {
      const children = db
        .select({ one: sql`1` })
        .from(child)
        .where(and(eq(child.parentId, edited.id), isNull(child.deletedAt)));
      columns.push(sql`exists(${children}) as "hasChildren"`);
    }
  }
  if (refs.projectId) {
    const project = db
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, refs.projectId), isNull(projects.deletedAt)));
    columns.push(sql`(${project}) as "projectId"`);
  }
  if (refs.labelIds && refs.labelIds.length > 0) {
    const live = db
      .select({ id: labels.id })
      .from(labels)
      .where(and(inArray(labels.id, refs.labelIds), isNull(labels.deletedAt)));
    columns.push(sql`array(${live}) as "labelIds"`);
  }
  if (columns.length === 0) return { parentId: parentRef === null ? null : undefined };

  const [row] = await rawRows<ResolvedRow>(db, sql`select ${sql.join(columns, sql`, `)}`);
  return applyReferenceRules(refs, row ?? {}, edited);
}

/**
 * The rules on what was resolved, in the order their problems are reported: the parent (it must be
 * live, then obey the hierarchy rule, `checkHierarchy`), then the project, then the labels. Throws the
 * first problem (422); returns the parent's id when one is named.
 */
export function applyReferenceRules(
  refs: BodyReferences,
  resolved: ResolvedReferences,
  edited?: EditedIssue,
): { parentId: string | null | undefined } {
  const parentRef = refs.parentRef;
  let parentId: string | null | undefined = parentRef === null ? null : undefined;
  if (parentRef !== null && parentRef !== undefined) {
    if (!resolved.parentId) throw invalidReference('parentId', 'issue', parentRef);
    checkHierarchy(
      {
        parentIsSelf: edited !== undefined && resolved.parentId === edited.id,
        grandparentId: resolved.grandparentId ?? null,
        hasChildren: edited !== undefined && resolved.hasChildren === true,
      },
      { issue: `#${edited?.number}`, parent: `#${resolved.parentNumber}` },
    );
    parentId = resolved.parentId;
  }
  if (refs.projectId && !resolved.projectId) throw invalidReference('projectId', 'project', refs.projectId);
  if (refs.labelIds && refs.labelIds.length > 0) {
    const found = new Set(resolved.labelIds ?? []);
    const problems: FieldProblem[] = refs.labelIds.flatMap((id, index) =>
      found.has(id) ? [] : [{ field: `labelIds.${index}`, message: `label ${JSON.stringify(id)} does not exist` }],
    );
    if (problems.length > 0) {
      const summary = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
      throw new LoopError('invalid_reference', summary, problems);
    }
  }
  return { parentId };
}
