import { and, count, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { labels } from '../../db/schema';
import { conflict, notFound } from '../errors';
import { iso } from '../time';
import type { CreateLabelInput, Label, UpdateLabelInput } from './schemas';

type LabelRow = typeof labels.$inferSelect;

const present = (row: LabelRow): Label => ({ id: row.id, name: row.name, color: row.color, createdAt: iso(row.createdAt) });

const nameTaken = (name: string) =>
  conflict(`A label named ${JSON.stringify(name)} already exists (label names are unique, ignoring case)`);

const liveLabel = (id: string) => and(eq(labels.id, id), isNull(labels.deletedAt));

export async function listLabels(db: DB, page: { limit: number; offset: number }) {
  const [rows, [totals]] = await Promise.all([
    db
      .select()
      .from(labels)
      .where(isNull(labels.deletedAt))
      .orderBy(desc(labels.createdAt), desc(labels.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(labels).where(isNull(labels.deletedAt)),
  ]);
  return { items: rows.map(present), total: totals?.total ?? 0 };
}

/**
 * The unique index on `lower(name)` among live labels decides: a duplicate inserts nothing, and that
 * becomes a 409 with a message that names the clash (race-free, one statement).
 */
export async function createLabel(db: DB, input: CreateLabelInput, now: Date): Promise<Label> {
  const [row] = await db
    .insert(labels)
    .values({ name: input.name, color: input.color, createdAt: now })
    .onConflictDoNothing()
    .returning();
  if (!row) throw nameTaken(input.name);
  return present(row);
}

/** Renames and/or recolours. A rename onto another live label's name (any case) is a 409. */
export async function updateLabel(db: DB, id: string, patch: UpdateLabelInput): Promise<Label> {
  return db.transaction(async (tx) => {
    if (patch.name !== undefined) {
      const [clash] = await tx
        .select({ id: labels.id })
        .from(labels)
        .where(and(sql`lower(${labels.name}) = lower(${patch.name})`, isNull(labels.deletedAt), ne(labels.id, id)))
        .limit(1);
      if (clash) throw nameTaken(patch.name);
    }
    const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    const [row] =
      Object.keys(changes).length > 0
        ? await tx.update(labels).set(changes).where(liveLabel(id)).returning()
        : await tx.select().from(labels).where(liveLabel(id));
    if (!row) throw notFound('Label', id);
    return present(row);
  });
}

/** Soft delete: the label vanishes from every issue and from the `labelId` filter; its name is free again. */
export async function deleteLabel(db: DB, id: string, now: Date): Promise<void> {
  const [row] = await db.update(labels).set({ deletedAt: now }).where(liveLabel(id)).returning({ id: labels.id });
  if (!row) throw notFound('Label', id);
}
