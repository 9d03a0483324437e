import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database';
import { sqlState as sqlStateOf } from '../../src/db/driver-errors';
import { issues, labels, promptReviews, promptTemplates, promptVersions } from '../../src/db/schema';
import { createTestDatabase } from '../support/database';

/** The SQLSTATE a statement fails with, read as the error handler reads it (drizzle wraps the driver's error). */
async function sqlState(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return sqlStateOf(error);
  }
}

describe('database constraints', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  const aTemplate = async (slug: string) => {
    const [template] = await handle.db.insert(promptTemplates).values({ slug, name: slug }).returning();
    return template!;
  };

  it('rejects a priority outside 0–4', async () => {
    expect(await sqlState(handle.db.insert(issues).values({ title: 'x', type: 'task', priority: 5 }))).toBe('23514');
    expect(await sqlState(handle.db.insert(issues).values({ title: 'x', type: 'task', priority: -1 }))).toBe('23514');
  });

  it('rejects an unknown enum value', async () => {
    const insert = handle.db.execute(sql`insert into issues (id, title, type) values ('e1', 'x', 'epic')`);
    expect(await sqlState(insert)).toBe('22P02');
  });

  it('allocates issue numbers itself and refuses a duplicate number', async () => {
    const [first] = await handle.db.insert(issues).values({ title: 'first', type: 'task' }).returning();
    const [second] = await handle.db.insert(issues).values({ title: 'second', type: 'task' }).returning();
    expect(second!.number).toBe(first!.number + 1);
    const explicit = handle.db.execute(
      sql`insert into issues (id, number, title, type) values ('n1', ${first!.number}, 'x', 'task')`,
    );
    expect(await sqlState(explicit)).toBe('428C9'); // GENERATED ALWAYS: no number from outside
    const forced = handle.db.execute(
      sql`insert into issues (id, number, title, type) overriding system value values ('n2', ${first!.number}, 'x', 'task')`,
    );
    expect(await sqlState(forced)).toBe('23505');
  });

  it('refuses an issue that is its own parent', async () => {
    const [issue] = await handle.db.insert(issues).values({ title: 'loop', type: 'task' }).returning();
    expect(await sqlState(handle.db.execute(sql`update issues set parent_id = id where id = ${issue!.id}`))).toBe('23514');
  });

  it('allows only one active version per template', async () => {
    const template = await aTemplate('one-active');
    await handle.db.insert(promptVersions).values({ templateId: template.id, version: 1, content: 'a', status: 'active' });
    const second = handle.db
      .insert(promptVersions)
      .values({ templateId: template.id, version: 2, content: 'b', status: 'active' });
    expect(await sqlState(second)).toBe('23505');
    await expect(
      handle.db.insert(promptVersions).values({ templateId: template.id, version: 2, content: 'b', status: 'draft' }),
    ).resolves.toBeDefined();
  });

  it('refuses a duplicate version number within a template', async () => {
    const template = await aTemplate('numbered');
    await handle.db.insert(promptVersions).values({ templateId: template.id, version: 1, content: 'a' });
    const duplicate = handle.db.insert(promptVersions).values({ templateId: template.id, version: 1, content: 'b' });
    expect(await sqlState(duplicate)).toBe('23505');
  });

  it('rejects a review score of 0 or 6', async () => {
    const template = await aTemplate('reviewed');
    const [version] = await handle.db
      .insert(promptVersions)
      .values({ templateId: template.id, version: 1, content: 'a' })
      .returning();
    const [issue] = await handle.db.insert(issues).values({ title: 'r', type: 'task' }).returning();
    const review = (clarity: number) =>
      handle.db.insert(promptReviews).values({
        versionId: version!.id,
        issueId: issue!.id,
        clarity,
        completeness: 3,
        relevance: 3,
        authorType: 'agent',
      });
    expect(await sqlState(review(0))).toBe('23514');
    expect(await sqlState(review(6))).toBe('23514');
    await expect(review(5)).resolves.toBeDefined();
  });

  it('keeps live label names unique case-insensitively, freeing a deleted name', async () => {
    const [bug] = await handle.db.insert(labels).values({ name: 'Bug', color: '#ff0000' }).returning();
    expect(await sqlState(handle.db.insert(labels).values({ name: 'bug', color: '#00ff00' }))).toBe('23505');
    await handle.db.execute(sql`update labels set deleted_at = now() where id = ${bug!.id}`);
    await expect(handle.db.insert(labels).values({ name: 'bug', color: '#00ff00' })).resolves.toBeDefined();
  });

  it('rejects a colour that is not #RRGGBB', async () => {
    expect(await sqlState(handle.db.insert(labels).values({ name: 'odd', color: 'red' }))).toBe('23514');
  });
});
