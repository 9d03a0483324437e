import { and, eq, isNull, type SQL } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { issues } from '../../db/schema';
import { invalidReference, notFound } from '../errors';

/** Issues are named by CUID2 id or by number (a JSON number or a numeric string). */
export type IssueRef = string | number;

const numberPattern = /^\d{1,10}$/;
const maxIssueNumber = 2_147_483_647;

/** The SQL condition that picks the issue a reference names (live issues only). */
export function issueRefCondition(ref: IssueRef): SQL {
  const text = String(ref).trim();
  const byNumber = numberPattern.test(text) && Number(text) <= maxIssueNumber;
  return and(byNumber ? eq(issues.number, Number(text)) : eq(issues.id, text), isNull(issues.deletedAt))!;
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
