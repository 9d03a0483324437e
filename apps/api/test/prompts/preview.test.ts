import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatches, issues } from '../../src/db/schema';
import { createTestApp, TEST_ROOT_KEY, type TestApp } from '../support/app';
import { anIssueRow, aProjectWithGoalRow, labelIssue, templateFixtures } from '../support/fixtures/prompts';

describe('GET /issues/:idOrNumber/prompt-preview', () => {
  let t: TestApp;
  let fixtures: ReturnType<typeof templateFixtures>;
  beforeAll(async () => {
    t = await createTestApp();
    fixtures = templateFixtures(t.api);
  });
  afterAll(() => t.close());

  it('shows the template, version and prompt the issue would get, by number or id, without claiming it', async () => {
    const issue = await anIssueRow(t.db, { type: 'task', status: 'todo', title: 'Fix <the> form & button' });
    const [before] = await t.db.select({ n: count() }).from(dispatches);

    const byNumber = await t.api.get(`/api/v1/issues/${issue.number}/prompt-preview`);
    expect(byNumber.status).toBe(200);
    const { template, version, prompt } = byNumber.body.data;
    expect(template).toMatchObject({ slug: 'task-execute', activeVersion: { id: version.id } });
    expect(version).toMatchObject({ templateId: template.id, version: 1, status: 'active' });
    expect(prompt).toContain(`# Task #${issue.number}: Fix <the> form & button`);
    expect(prompt).toContain('http://loop.test/api/v1/prompt-reviews');
    expect(prompt).toContain(`"versionId": "${version.id}"`);
    expect(prompt).not.toContain(TEST_ROOT_KEY);

    const byId = await t.api.get(`/api/v1/issues/${issue.id}/prompt-preview`);
    expect(byId.body).toEqual(byNumber.body);

    const [after] = await t.db.select({ n: count() }).from(dispatches);
    expect(after!.n).toBe(before!.n);
    const [row] = await t.db.select().from(issues).where(eq(issues.id, issue.id));
    expect(row!.status).toBe('todo');
    expect(row!.updatedAt).toEqual(issue.updatedAt);
  });

  it('prefers a more specific template and a project override', async () => {
    const { project } = await aProjectWithGoalRow(t.db);
    const issue = await anIssueRow(t.db, { type: 'plan', projectId: project.id });
    await labelIssue(t.db, issue, 'backend');
    await fixtures.aTemplate({ slug: 'backend-plans', conditions: { type: 'plan', labels: ['backend'] }, specificity: 50, content: 'backend {{project.name}}' });
    const specific = await t.api.get(`/api/v1/issues/${issue.number}/prompt-preview`);
    expect(specific.body.data.template.slug).toBe('backend-plans');
    expect(specific.body.data.prompt).toBe(`backend ${project.name}`);

    await fixtures.aTemplate({ slug: 'project-plans', projectId: project.id, conditions: { type: 'plan' }, specificity: 1, content: 'override {{goal.title}}' });
    const override = await t.api.get(`/api/v1/issues/${issue.number}/prompt-preview`);
    expect(override.body.data.template.slug).toBe('project-plans');
  });

  it('falls back to the built-in minimal prompt, with null template and version, when nothing applies', async () => {
    const monitorCheck = await t.api.get('/api/v1/templates/monitor-check');
    await t.api.patch(`/api/v1/templates/monitor-check/versions/${monitorCheck.body.data.activeVersionId}`, { status: 'retired' });
    const issue = await anIssueRow(t.db, { type: 'monitor' });
    const response = await t.api.get(`/api/v1/issues/${issue.number}/prompt-preview`);
    expect(response.status).toBe(200);
    expect(response.body.data.template).toBeNull();
    expect(response.body.data.version).toBeNull();
    expect(response.body.data.prompt).toContain("Loop's built-in minimal prompt");
    expect(response.body.data.prompt).toContain(`## Issue #${issue.number}`);
  });

  it('answers 404 for an unknown or deleted issue', async () => {
    const deleted = await anIssueRow(t.db, { deletedAt: new Date() });
    for (const ref of ['999999', 'no-such-issue', String(deleted.number), deleted.id]) {
      const response = await t.api.get(`/api/v1/issues/${ref}/prompt-preview`);
      expect(response.status, ref).toBe(404);
      expect(response.body.code).toBe('not_found');
    }
  });

  it('still answers on its first path, /templates/preview/:n, marked deprecated with a link to its successor', async () => {
    const issue = await anIssueRow(t.db, { type: 'task', status: 'todo' });
    const old = await t.api.get(`/api/v1/templates/preview/${issue.number}`);
    expect(old.status).toBe(200);
    expect(old.headers.get('deprecation')).toBe('true');
    expect(old.headers.get('link')).toBe(`</api/v1/issues/${issue.number}/prompt-preview>; rel="successor-version"`);
    const current = await t.api.get(`/api/v1/issues/${issue.number}/prompt-preview`);
    expect(old.body).toEqual(current.body);
    expect(current.headers.get('deprecation')).toBeNull();
  });

  it('is not mistaken for a template named "preview"', async () => {
    const template = await t.api.get('/api/v1/templates/preview');
    expect(template.status).toBe(404);
    expect(template.body.error).toMatch(/Template "preview" not found/);
  });
});
