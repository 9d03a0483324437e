import { and, eq, isNull } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { goals } from '../../db/schema';
import { invalidReference } from '../errors';

/** A goal named in a request body field: 422 naming the field when it is missing or deleted. */
export async function requireReferencedGoal(db: DB, goalId: string, field = 'goalId'): Promise<string> {
  const [row] = await db
    .select({ id: goals.id })
    .from(goals)
    .where(and(eq(goals.id, goalId), isNull(goals.deletedAt)))
    .limit(1);
  if (!row) throw invalidReference(field, 'goal', goalId);
  return row.id;
}
