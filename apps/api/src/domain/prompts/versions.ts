import { and, count, desc, eq, max, ne } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { promptTemplates, promptVersions } from '../../db/schema';
import { notFound } from '../errors';
import { type CountedVersionRow, presentVersion, type TemplateRow } from './present';
import { requireTemplate } from './reference';
import type { CreateVersionInput, Version } from './schemas';
import { countedVersionColumns } from './usage';
import { onFirstUse } from '../../on-first-use';

export async function listVersions(db: DB, ref: string, page: { limit: number; offset: number }) {
  const template = await requireTemplate(db, ref);
  const ofTemplate = eq(promptVersions.templateId, template.id);
  const [rows, [totals]] = await Promise.all([
    db
      .select(countedVersionColumns)
      .from(promptVersions)
      .where(ofTemplate)
      .orderBy(desc(promptVersions.version))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(promptVersions).where(ofTemplate),
  ]);
  return { items: rows.map(presentVersion), total: totals?.total ?? 0 };
}

async function requireVersionOf(db: DB, template: TemplateRow, versionId: string): Promise<CountedVersionRow> {
  const [row] = await db
    .select(countedVersionColumns)
    .from(promptVersions)
    .where(and(eq(promptVersions.id, versionId), eq(promptVersions.templateId, template.id)));
  if (!row) throw notFound('Version', versionId);
  return row;
}

export async function getVersion(db: DB, ref: string, versionId: string): Promise<Version> {
  const template = await requireTemplate(db, ref);
  return presentVersion(await requireVersionOf(db, template, versionId));
}

/**
 * Makes `version` the template's only active version: the previous active one retires first (the
 * partial unique index allows one active version per template), then the template points at it.
 * Call inside a transaction that holds the template row lock.
 */
async function promote(tx: DB, template: TemplateRow, version: CountedVersionRow, now: Date): Promise<CountedVersionRow> {
  if (version.status === 'active') return version;
  await tx
    .update(promptVersions)
    .set({ status: 'retired' })
    .where(and(eq(promptVersions.templateId, template.id), eq(promptVersions.status, 'active'), ne(promptVersions.id, version.id)));
  const [active] = await tx
    .update(promptVersions)
    .set({ status: 'active', activatedAt: now })
    .where(eq(promptVersions.id, version.id))
    .returning(countedVersionColumns);
  await tx.update(promptTemplates).set({ activeVersionId: version.id, updatedAt: now }).where(eq(promptTemplates.id, template.id));
  return active!;
}

/** Retiring the active version leaves the template without one; selection then skips it. */
async function retire(tx: DB, template: TemplateRow, version: CountedVersionRow, now: Date): Promise<CountedVersionRow> {
  if (version.status === 'retired') return version;
  const [retired] = await tx.update(promptVersions).set({ status: 'retired' }).where(eq(promptVersions.id, version.id)).returning(countedVersionColumns);
  if (template.activeVersionId === version.id) {
    await tx.update(promptTemplates).set({ activeVersionId: null, updatedAt: now }).where(eq(promptTemplates.id, template.id));
  }
  return retired!;
}

/** Handlebars is imported by the first content written, not by every cold start (ADR 0038). */
const loadRender = onFirstUse(() => import('./render'));

/**
 * Adds the next version (a draft unless `status: "active"`). The template row is locked for the
 * transaction, so concurrent writers take turns and version numbers stay consecutive.
 */
export async function createVersion(db: DB, ref: string, input: CreateVersionInput, now: Date): Promise<Version> {
  (await loadRender()).assertTemplateCompiles(input.content);
  return db.transaction(async (tx) => {
    const template = await requireTemplate(tx, ref, { lock: true });
    const [latest] = await tx
      .select({ version: max(promptVersions.version) })
      .from(promptVersions)
      .where(eq(promptVersions.templateId, template.id));
    const [draft] = await tx
      .insert(promptVersions)
      .values({
        templateId: template.id,
        version: (latest?.version ?? 0) + 1,
        content: input.content,
        changelog: input.changelog ?? null,
        authorName: input.authorName,
        authorType: input.authorType,
        status: 'draft',
        createdAt: now,
      })
      .returning(countedVersionColumns);
    const version = input.status === 'active' ? await promote(tx, template, draft!, now) : draft!;
    return presentVersion(version);
  });
}

/** `active` promotes (the previous active version retires), `retired` retires; one transaction each. */
export async function setVersionStatus(
  db: DB,
  ref: string,
  versionId: string,
  status: 'active' | 'retired',
  now: Date,
): Promise<Version> {
  return db.transaction(async (tx) => {
    const template = await requireTemplate(tx, ref, { lock: true });
    const version = await requireVersionOf(tx, template, versionId);
    const changed = status === 'active' ? await promote(tx, template, version, now) : await retire(tx, template, version, now);
    return presentVersion(changed);
  });
}
