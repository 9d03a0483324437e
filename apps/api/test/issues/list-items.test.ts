import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoText } from '../../src/db/iso-text';
import { issues } from '../../src/db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { aProject, deleteProject, issueFixtures } from '../support/fixtures/issues';

/** What `GET /issues/{id}` adds to an issue; everything else must read exactly as the list item. */
const detailOnly = new Set(['parent', 'children', 'project', 'labels', 'relations', 'sessions']);
const issuePart = (detail: Record<string, unknown>) => Object.fromEntries(Object.entries(detail).filter(([key]) => !detailOnly.has(key)));

// The list reads its fields flat, with timestamps formatted by the database (domain/issues/list.ts);
// the detail goes through presentIssue and Date. These tests keep the two from drifting apart.
describe('GET /api/v1/issues: the listed items', () => {
  let t: TestApp;
  let f: ReturnType<typeof issueFixtures>;
  let full: { id: string };
  let orphan: { id: string };
  let plain: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    f = issueFixtures(t.api);
    const project = await aProject(t.db);
    const parent = await f.anIssue({ projectId: project.id });
    full = await f.aChildOf(parent, {
      projectId: project.id,
      type: 'signal',
      description: 'Ünïcode, "quotes", a \\ backslash\nand a new line',
      priority: 3,
      signalSource: 'sentry',
      signalPayload: { zeta: 1, alpha: { list: [1, 2.5, null, 'x'] }, empty: {} },
      hypothesis: { statement: 'It is the cache', confidence: 0.75, evidence: ['p99 up'], validationCriteria: 'p99 down' },
    });
    const changed = await t.api.patch(`/api/v1/issues/${full.id}`, {
      status: 'done',
      agentSessionId: 'session-1',
      agentSummary: 'Flushed the cache',
      commits: [{ sha: 'abc123', message: 'Flush', url: 'https://example.com/c/abc123' }],
      pullRequests: [{ number: 7, url: 'https://example.com/pr/7', status: 'merged', merged: true }],
    });
    expect(changed.status).toBe(200);

    // Its parent and project are deleted: both read as null, in the list as in the detail.
    const goneProject = await aProject(t.db);
    const goneParent = await f.anIssue();
    orphan = await f.aChildOf(goneParent, { projectId: goneProject.id });
    await t.api.delete(`/api/v1/issues/${goneParent.id}`);
    await deleteProject(t.db, goneProject.id);
    plain = await f.anIssue();

    // Sub-millisecond instants, written straight to the database (the API itself stores milliseconds,
    // but a database default or another writer need not).
    await t.db
      .update(issues)
      .set({
        createdAt: sql`'2026-11-22 20:19:50.836789+00'`,
        updatedAt: sql`'2026-11-22 20:19:50.9999+00'`,
        statusChangedAt: sql`'2026-11-22 23:59:59.999999+00'`,
        completedAt: sql`'2026-11-23 01:19:51.0005+01'`,
      })
      .where(eq(issues.id, full.id));
    await t.db
      .update(issues)
      .set({ createdAt: sql`'2026-11-22 20:19:50.000001+05:30'`, updatedAt: sql`'1999-12-31 23:59:59.9995+00'` })
      .where(eq(issues.id, plain.id));
  });
  afterAll(() => t.close());

  it('are byte for byte the issue as GET /issues/{id} returns it: every field, in the same key order', async () => {
    const listed = await t.api.get('/api/v1/issues?limit=200');
    expect(listed.status).toBe(200);
    expect(listed.body.data.length).toBe(listed.body.total);
    for (const item of listed.body.data as { id: string }[]) {
      const detail = await t.api.get(`/api/v1/issues/${item.id}`);
      expect(JSON.stringify(item)).toBe(JSON.stringify(issuePart(detail.body.data)));
    }
    expect(listed.body.data.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining([full.id, orphan.id, plain.id]));
  });

  it('gives timestamps as UTC ISO text with milliseconds, truncated like a Date, never rounded', async () => {
    const listed = await t.api.get('/api/v1/issues?limit=200');
    const byId = new Map(listed.body.data.map((item: { id: string }) => [item.id, item]));
    expect(byId.get(full.id)).toMatchObject({
      createdAt: '2026-11-22T20:19:50.836Z',
      updatedAt: '2026-11-22T20:19:50.999Z',
      statusChangedAt: '2026-11-22T23:59:59.999Z',
      completedAt: '2026-11-23T00:19:51.000Z',
    });
    expect(byId.get(plain.id)).toMatchObject({
      createdAt: '2026-11-22T14:49:50.000Z',
      updatedAt: '1999-12-31T23:59:59.999Z',
      completedAt: null,
    });
    expect(byId.get(orphan.id)).toMatchObject({ parentId: null, projectId: null, completedAt: null });
  });

  it('formats timestamps in UTC whatever the session time zone', async () => {
    const [row] = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local time zone 'Asia/Kathmandu'`);
      return tx.select({ createdAt: isoText(issues.createdAt) }).from(issues).where(eq(issues.id, full.id));
    });
    expect(row?.createdAt).toBe('2026-11-22T20:19:50.836Z');
  });
});
