import { and, eq, isNull } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { projects } from '../../db/schema';
import { invalidReference } from '../errors';

/** A project named in a request body field or webhook query: 422 naming the field when missing or deleted. */
export async function requireReferencedProject(db: DB, projectId: string, field = 'projectId'): Promise<string> {
  const [row] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, projectId), isNull(projects.deletedAt)))
    .limit(1);
  if (!row) throw invalidReference(field, 'project', projectId);
  return row.id;
}
