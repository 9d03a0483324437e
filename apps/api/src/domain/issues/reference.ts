import { and, eq, isNull, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { DB } from '../../db/database';
import { issues } from '../../db/schema';
import { invalidReference, notFound } from '../errors';

/** Issues are named by CUID2 id or by number (a JSON number or a numeric string). */
export type IssueRef = string | number;

const numberPattern = /^\d{1,10}$/;
const maxIssueNumber = 2_147_483_647;

/** The columns a reference is matched on: `issues` itself, an alias of it, or a relational query's fields. */
export interface IssueRefColumns {
  id: PgColumn;
  number: PgColumn;
  deletedAt: PgColumn;
}

/** Whether a reference names an issue by number (digits within the integer range) rather than by id. */
export function issueNumberOf(ref: IssueRef): number | undefined {
  const text = String(ref).trim();
  return numberPattern.test(text) && Number(text) <= maxIssueNumber ? Number(text) : undefined;
}

/** Which column a reference is matched on, and the value: prepared queries take it as a placeholder. */
export function issueRefKey(ref: IssueRef): { column: 'id'; value: string } | { column: 'number'; value: number } {
  const number = issueNumberOf(ref);
  return number === undefined ? { column: 'id', value: String(ref).trim() } : { column: 'number', value: number };
}

/** The condition that picks the live issue a reference names, on any copy of the issues table. */
export function issueRefConditionOn(table: IssueRefColumns, ref: IssueRef): SQL {
  const key = issueRefKey(ref);
  return and(eq(table[key.column], key.value), isNull(table.deletedAt))!;
}

/** The SQL condition that picks the issue a reference names (live issues only). */
export function issueRefCondition(ref: IssueRef): SQL {
  return issueRefConditionOn(issues, ref);
}

export async function findIssueId(db: DB, ref: IssueRef): Promise<string | undefined> {
  const [row] = await db.select({ id: issues.id }).from(issues).where(issueRefCondition(ref)).limit(1);
  return row?.id;
}

/** An issue named in the path: 404 when it does not exist or is deleted. */
export async function requireIssueId(db: DB, ref: IssueRef): Promise<string> {
  const id = await findIssueId(db, ref);
  if (!id) throw notFound('Issue', ref);
  return id;
}

/** An issue named in a request body field: 422 naming the field when it does not exist or is deleted. */
export async function requireReferencedIssueId(db: DB, ref: IssueRef, field: string): Promise<string> {
  const id = await findIssueId(db, ref);
  if (!id) throw invalidReference(field, 'issue', ref);
  return id;
}
