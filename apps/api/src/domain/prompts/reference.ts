import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { promptTemplates } from '../../db/schema';
import { notFound } from '../errors';
import type { TemplateRow } from './present';

/** Templates are named by id or slug; a live template whose id equals the reference wins over a slug. */
export async function requireTemplate(db: DB, ref: string, options: { lock?: boolean } = {}): Promise<TemplateRow> {
  const query = db
    .select()
    .from(promptTemplates)
    .where(and(or(eq(promptTemplates.id, ref), eq(promptTemplates.slug, ref)), isNull(promptTemplates.deletedAt)))
    .orderBy(sql`${promptTemplates.id} = ${ref} desc`)
    .limit(1);
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw notFound('Template', ref);
  return row;
}
