import { and, count, desc, eq, isNull, ne } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { promptTemplates, promptVersions } from '../../db/schema';
import { conflict } from '../errors';
import { requireReferencedProject } from '../projects/reference';
import { type CountedVersionRow, presentTemplate } from './present';
import { requireTemplate } from './reference';
import type { CreateTemplateInput, Template, UpdateTemplateInput } from './schemas';
import { countedVersionColumns, versionMetricExtras } from './usage';
import { onFirstUse } from '../../on-first-use';

const slugTaken = (slug: string) => conflict(`A template with the slug ${JSON.stringify(slug)} already exists`);

async function assertSlugFree(db: DB, slug: string, exceptId?: string) {
  const [clash] = await db
    .select({ id: promptTemplates.id })
    .from(promptTemplates)
    .where(
      and(
        eq(promptTemplates.slug, slug),
        isNull(promptTemplates.deletedAt),
        exceptId ? ne(promptTemplates.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (clash) throw slugTaken(slug);
}

/** The active version as presented: only a version that really is active counts. */
const activeOnly = (version: CountedVersionRow | null | undefined) => (version?.status === 'active' ? version : null);

export async function listTemplates(db: DB, page: { limit: number; offset: number }) {
  const live = isNull(promptTemplates.deletedAt);
  const [rows, [totals]] = await Promise.all([
    db.query.promptTemplates.findMany({
      where: live,
      with: { activeVersion: { extras: (version) => versionMetricExtras(version.id) } },
      orderBy: [desc(promptTemplates.createdAt), desc(promptTemplates.id)],
      limit: page.limit,
      offset: page.offset,
    }),
    db.select({ total: count() }).from(promptTemplates).where(live),
  ]);
  return {
    items: rows.map(({ activeVersion, ...row }) => presentTemplate(row, activeOnly(activeVersion))),
    total: totals?.total ?? 0,
  };
}

export async function getTemplate(db: DB, ref: string): Promise<Template> {
  const row = await requireTemplate(db, ref);
  const [active] = row.activeVersionId
    ? await db.select(countedVersionColumns).from(promptVersions).where(eq(promptVersions.id, row.activeVersionId))
    : [];
  return presentTemplate(row, activeOnly(active));
}

/** Handlebars is imported by the first content written, not by every cold start (ADR 0038). */
const loadRender = onFirstUse(() => import('./render'));

/**
 * Creates a template; with `content`, its version 1 is created active in the same transaction.
 * A live template with the same slug is a 409 (the partial unique index settles a race the same way).
 */
export async function createTemplate(db: DB, input: CreateTemplateInput, now: Date): Promise<Template> {
  if (input.content !== undefined) (await loadRender()).assertTemplateCompiles(input.content);
  return db.transaction(async (tx) => {
    if (input.projectId) await requireReferencedProject(tx, input.projectId);
    await assertSlugFree(tx, input.slug);
    const [template] = await tx
      .insert(promptTemplates)
      .values({
        slug: input.slug,
        name: input.name,
        description: input.description ?? null,
        conditions: input.conditions ?? {},
        specificity: input.specificity ?? 10,
        projectId: input.projectId ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (input.content === undefined) return presentTemplate(template!, null);

    const [version] = await tx
      .insert(promptVersions)
      .values({
        templateId: template!.id,
        version: 1,
        content: input.content,
        authorType: 'human',
        status: 'active',
        activatedAt: now,
        createdAt: now,
      })
      .returning(countedVersionColumns);
    const [updated] = await tx
      .update(promptTemplates)
      .set({ activeVersionId: version!.id, updatedAt: now })
      .where(eq(promptTemplates.id, template!.id))
      .returning();
    return presentTemplate(updated!, version!);
  });
}

export async function updateTemplate(db: DB, ref: string, patch: UpdateTemplateInput, now: Date): Promise<Template> {
  const id = await db.transaction(async (tx) => {
    const current = await requireTemplate(tx, ref, { lock: true });
    if (patch.slug !== undefined && patch.slug !== current.slug) await assertSlugFree(tx, patch.slug, current.id);
    if (patch.projectId) await requireReferencedProject(tx, patch.projectId);
    const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    // An empty update changes nothing, `updatedAt` included, as for every other resource.
    if (Object.keys(changes).length === 0) return current.id;
    await tx
      .update(promptTemplates)
      .set({ ...changes, updatedAt: now })
      .where(eq(promptTemplates.id, current.id));
    return current.id;
  });
  return getTemplate(db, id);
}

/** Soft delete: the template disappears from reads and from selection; its versions and reviews stay. */
export async function deleteTemplate(db: DB, ref: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await requireTemplate(tx, ref, { lock: true });
    await tx.update(promptTemplates).set({ deletedAt: now, updatedAt: now }).where(eq(promptTemplates.id, current.id));
  });
}
