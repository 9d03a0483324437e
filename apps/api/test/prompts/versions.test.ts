import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptVersions } from '../../src/db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { aDispatch, anIssue, aProjectRow } from '../support/fixtures/dispatch';
import { templateFixtures } from '../support/fixtures/prompts';

describe('/templates/:idOrSlug/versions', () => {
  let t: TestApp;
  let fixtures: ReturnType<typeof templateFixtures>;
  beforeAll(async () => {
    t = await createTestApp();
    fixtures = templateFixtures(t.api);
  });
  afterAll(() => t.close());

  /** The template's rows straight from the database: what the partial unique index protects. */
  async function activeRows(templateId: string) {
    return t.db
      .select({ id: promptVersions.id })
      .from(promptVersions)
      .where(and(eq(promptVersions.templateId, templateId), eq(promptVersions.status, 'active')));
  }

  it('shows each version with its usage, counted from its claims, wherever a version is shown', async () => {
    const project = await aProjectRow(t.db);
    const template = await fixtures.aTemplate({ projectId: project.id });
    const first = template.activeVersionId as string;
    const second = await fixtures.aVersion(template, { status: 'active' });
    const issue = await anIssue(t.db, { projectId: project.id, type: 'task', status: 'todo' });
    for (const versionId of [first, first, second.id, second.id, second.id]) {
      await aDispatch(t.db, { issueId: (await anIssue(t.db)).id, templateId: template.id, versionId, outcome: 'done' });
    }
    const base = `/api/v1/templates/${template.slug}`;

    expect((await t.api.get(base)).body.data.activeVersion).toMatchObject({ id: second.id, usageCount: 3 });
    const listed = (await t.api.get('/api/v1/templates?limit=100')).body.data as { id: string; activeVersion: unknown }[];
    expect(listed.find((row) => row.id === template.id)?.activeVersion).toMatchObject({ id: second.id, usageCount: 3 });
    expect((await t.api.get(`${base}/versions`)).body.data).toMatchObject([
      { id: second.id, usageCount: 3 },
      { id: first, usageCount: 2 },
    ]);
    expect((await t.api.get(`${base}/versions/${first}`)).body.data.usageCount).toBe(2);
    expect((await t.api.get(`/api/v1/issues/${issue.number}/prompt-preview`)).body.data.version).toMatchObject({ id: second.id, usageCount: 3 });
    expect((await t.api.patch(`${base}/versions/${first}`, { status: 'active' })).body.data.usageCount).toBe(2);
    expect((await t.api.patch(`${base}/versions/${first}`, { status: 'retired' })).body.data.usageCount).toBe(2);
  });

  it('adds a draft by default, leaving the active version alone', async () => {
    const template = await fixtures.aTemplate();
    const response = await t.api.post(`/api/v1/templates/${template.slug}/versions`, {
      content: 'Draft for {{issue.title}}',
      changelog: 'Try a shorter prompt',
      authorName: 'claude',
      authorType: 'agent',
    });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({
      templateId: template.id,
      version: 2,
      content: 'Draft for {{issue.title}}',
      changelog: 'Try a shorter prompt',
      authorName: 'claude',
      authorType: 'agent',
      status: 'draft',
      activatedAt: null,
    });
    const after = await t.api.get(`/api/v1/templates/${template.id}`);
    expect(after.body.data.activeVersion.id).toBe(template.activeVersionId);
  });

  it('makes a version created as active the only active one, retiring the previous', async () => {
    const template = await fixtures.aTemplate();
    const created = await fixtures.aVersion(template, { status: 'active' });
    expect(created).toMatchObject({ version: 2, status: 'active', activatedAt: expect.any(String) });
    const previous = await t.api.get(`/api/v1/templates/${template.slug}/versions/${template.activeVersionId}`);
    expect(previous.body.data.status).toBe('retired');
    const after = await t.api.get(`/api/v1/templates/${template.slug}`);
    expect(after.body.data).toMatchObject({ activeVersionId: created.id, activeVersion: { id: created.id } });
    expect(await activeRows(template.id)).toEqual([{ id: created.id }]);
  });

  it('promotes with PATCH {status: "active"} and rolls back by promoting an older version', async () => {
    const template = await fixtures.aTemplate();
    const v1 = template.activeVersionId;
    const v2 = await fixtures.aVersion(template);
    const promoted = await t.api.patch(`/api/v1/templates/${template.slug}/versions/${v2.id}`, { status: 'active' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.data).toMatchObject({ id: v2.id, status: 'active', activatedAt: expect.any(String) });
    expect(await activeRows(template.id)).toEqual([{ id: v2.id }]);
    expect((await t.api.get(`/api/v1/templates/${template.slug}/versions/${v1}`)).body.data.status).toBe('retired');

    const rolledBack = await t.api.patch(`/api/v1/templates/${template.id}/versions/${v1}`, { status: 'active' });
    expect(rolledBack.body.data).toMatchObject({ id: v1, status: 'active' });
    expect(await activeRows(template.id)).toEqual([{ id: v1 }]);
    expect((await t.api.get(`/api/v1/templates/${template.slug}`)).body.data.activeVersionId).toBe(v1);
    expect((await t.api.get(`/api/v1/templates/${template.slug}/versions/${v2.id}`)).body.data.status).toBe('retired');
  });

  it('moves activatedAt to the moment of the latest promotion', async () => {
    const template = await fixtures.aTemplate();
    const v2 = await fixtures.aVersion(template, { status: 'active' });
    await t.api.patch(`/api/v1/templates/${template.slug}/versions/${template.activeVersionId}`, { status: 'active' });
    const again = await t.api.patch(`/api/v1/templates/${template.slug}/versions/${v2.id}`, { status: 'active' });
    expect(Date.parse(again.body.data.activatedAt)).toBeGreaterThanOrEqual(Date.parse(v2.activatedAt));
  });

  it('promoting the active version again changes nothing', async () => {
    const template = await fixtures.aTemplate();
    const response = await t.api.patch(`/api/v1/templates/${template.slug}/versions/${template.activeVersionId}`, {
      status: 'active',
    });
    expect(response.status).toBe(200);
    expect(response.body.data.activatedAt).toBe(template.activeVersion.activatedAt);
  });

  it('retiring the active version leaves the template without one', async () => {
    const template = await fixtures.aTemplate();
    const response = await t.api.patch(`/api/v1/templates/${template.slug}/versions/${template.activeVersionId}`, {
      status: 'retired',
    });
    expect(response.status).toBe(200);
    expect(response.body.data.status).toBe('retired');
    const after = await t.api.get(`/api/v1/templates/${template.slug}`);
    expect(after.body.data).toMatchObject({ activeVersionId: null, activeVersion: null });
    expect(await activeRows(template.id)).toEqual([]);
  });

  it('retires a draft without touching the active version', async () => {
    const template = await fixtures.aTemplate();
    const draft = await fixtures.aVersion(template);
    const response = await t.api.patch(`/api/v1/templates/${template.slug}/versions/${draft.id}`, { status: 'retired' });
    expect(response.body.data.status).toBe('retired');
    expect((await t.api.get(`/api/v1/templates/${template.slug}`)).body.data.activeVersionId).toBe(template.activeVersionId);
  });

  it('refuses other status changes and other fields with 422', async () => {
    const template = await fixtures.aTemplate();
    const path = `/api/v1/templates/${template.slug}/versions/${template.activeVersionId}`;
    for (const body of [{ status: 'draft' }, { status: 'bogus' }, {}, { status: 'active', content: 'x' }]) {
      expect((await t.api.patch(path, body)).status, JSON.stringify(body)).toBe(422);
    }
  });

  it('answers 404 for an unknown template, an unknown version, or a version of another template', async () => {
    const template = await fixtures.aTemplate();
    const other = await fixtures.aTemplate();
    expect((await t.api.get(`/api/v1/templates/${template.slug}/versions/nope`)).status).toBe(404);
    expect((await t.api.get(`/api/v1/templates/${template.slug}/versions/${other.activeVersionId}`)).status).toBe(404);
    expect((await t.api.patch(`/api/v1/templates/${template.slug}/versions/${other.activeVersionId}`, { status: 'active' })).status).toBe(404);
    expect((await t.api.get('/api/v1/templates/ghost/versions')).status).toBe(404);
    const create = await t.api.post('/api/v1/templates/ghost/versions', { content: 'x', authorName: 'a', authorType: 'human' });
    expect(create.status).toBe(404);
  });

  it('refuses content that does not compile with 422, the compiler message and line, and stores nothing', async () => {
    const template = await fixtures.aTemplate();
    const cases: [string, RegExp][] = [
      ['line 1\nline 2\n{{#if issue}}unclosed', /Parse error on line 3/],
      ['{{> not_a_partial}}', /partial "not_a_partial" does not exist \(line 1/],
      ['{{shout issue.title}}', /Unknown helper "shout" \(line 1/],
    ];
    for (const [content, message] of cases) {
      const response = await t.api.post(`/api/v1/templates/${template.slug}/versions`, {
        content,
        authorName: 'ada',
        authorType: 'human',
      });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'content' }] });
      expect(response.body.error).toMatch(message);
    }
    expect((await t.api.get(`/api/v1/templates/${template.slug}/versions`)).body.total).toBe(1);
  });

  it('requires content, authorName and authorType', async () => {
    const template = await fixtures.aTemplate();
    const response = await t.api.post(`/api/v1/templates/${template.slug}/versions`, { status: 'retired' });
    expect(response.status).toBe(422);
    const fields = response.body.details.map((detail: { field: string }) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['content', 'authorName', 'authorType', 'status']));
  });

  it('lists versions newest first, paginated', async () => {
    const template = await fixtures.aTemplate();
    await fixtures.aVersion(template);
    await fixtures.aVersion(template);
    const page = await t.api.get(`/api/v1/templates/${template.slug}/versions?limit=2&offset=1`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 1 });
    expect(page.body.data.map((version: { version: number }) => version.version)).toEqual([2, 1]);
  });

  it('numbers 20 concurrently created versions 1…20 with no gap or duplicate', async () => {
    const template = await fixtures.aTemplateWithoutVersions();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.api.post(`/api/v1/templates/${template.slug}/versions`, {
          content: `Version ${i}`,
          authorName: `writer-${i}`,
          authorType: 'agent',
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    const numbers = responses.map((response) => response.body.data.version as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('keeps exactly one active version when promotions race', async () => {
    const template = await fixtures.aTemplate();
    const drafts = await Promise.all([fixtures.aVersion(template), fixtures.aVersion(template), fixtures.aVersion(template)]);
    const responses = await Promise.all(
      drafts.map((draft) => t.api.patch(`/api/v1/templates/${template.slug}/versions/${draft.id}`, { status: 'active' })),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    const active = await activeRows(template.id);
    expect(active).toHaveLength(1);
    expect((await t.api.get(`/api/v1/templates/${template.slug}`)).body.data.activeVersionId).toBe(active[0]!.id);
  });

  it('is backed by the database: a second active version cannot even be written', async () => {
    const template = await fixtures.aTemplate();
    await expect(
      t.db.insert(promptVersions).values({ templateId: template.id, version: 99, content: 'x', status: 'active' }),
    ).rejects.toThrow();
  });
});
