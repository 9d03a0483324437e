import { and, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptTemplates, promptVersions } from '../../src/db/schema';
import { chooseTemplate, renderPrompt } from '../../src/domain/prompts/compose';
import { loadDispatchContext } from '../../src/domain/prompts/context';
import { defaultTemplates, installDefaultTemplates } from '../../src/domain/prompts/defaults';
import { assertTemplateCompiles } from '../../src/domain/prompts/render';
import { createTestApp, TEST_ROOT_KEY, type TestApp } from '../support/app';
import { anIssueRow, labelIssue } from '../support/fixtures/prompts';

const defaultSlugs = ['signal-triage', 'hypothesis-plan', 'plan-decompose', 'task-execute', 'monitor-check', 'prompt-improvement'];

async function countRows(t: TestApp) {
  const [templates] = await t.db.select({ n: count() }).from(promptTemplates);
  const [versions] = await t.db.select({ n: count() }).from(promptVersions);
  return { templates: templates!.n, versions: versions!.n };
}

describe('default templates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('are installed on every fresh database, each with an active version 1', async () => {
    const response = await t.api.get('/api/v1/templates?limit=200');
    expect(response.status).toBe(200);
    const bySlug = new Map(response.body.data.map((template: any) => [template.slug, template]));
    expect([...bySlug.keys()].sort()).toEqual([...defaultSlugs].sort());
    for (const slug of defaultSlugs) {
      const template: any = bySlug.get(slug);
      expect(template.activeVersion, slug).toMatchObject({ version: 1, status: 'active', templateId: template.id });
      expect(template.activeVersion.activatedAt, slug).not.toBeNull();
      expect(template.activeVersionId).toBe(template.activeVersion.id);
    }
    expect(bySlug.get('task-execute')).toMatchObject({ conditions: { type: 'task' }, specificity: 10 });
    expect(bySlug.get('prompt-improvement')).toMatchObject({ conditions: { labels: ['prompt-improvement'] } });
    expect((bySlug.get('prompt-improvement') as any).specificity).toBeGreaterThan(10);
  });

  it('are installed exactly once however often the installer runs', async () => {
    expect(await countRows(t)).toEqual({ templates: 6, versions: 6 });
    expect(await installDefaultTemplates(t.db)).toEqual([]);
    await Promise.all([installDefaultTemplates(t.db), installDefaultTemplates(t.db)]);
    expect(await countRows(t)).toEqual({ templates: 6, versions: 6 });
  });

  it("never overwrite a user's later versions", async () => {
    const created = await t.api.post('/api/v1/templates/task-execute/versions', {
      content: 'My own task prompt for {{issue.title}}',
      authorName: 'ada',
      authorType: 'human',
      status: 'active',
    });
    expect(created.status).toBe(201);
    await installDefaultTemplates(t.db);
    const template = await t.api.get('/api/v1/templates/task-execute');
    expect(template.body.data.activeVersion).toMatchObject({ version: 2, content: 'My own task prompt for {{issue.title}}' });
    expect((await countRows(t)).versions).toBe(7);
  });

  it('reinstall a default whose template was deleted (its slug is free again, ADR 0015)', async () => {
    expect((await t.api.delete('/api/v1/templates/monitor-check')).status).toBe(204);
    expect(await installDefaultTemplates(t.db)).toEqual(['monitor-check']);
    const [live] = await t.db
      .select({ n: count() })
      .from(promptTemplates)
      .where(and(eq(promptTemplates.slug, 'monitor-check'), isNull(promptTemplates.deletedAt)));
    expect(live!.n).toBe(1);
  });

});

describe('the default prompts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('compile, and pass the checks any new version must pass', () => {
    for (const template of defaultTemplates) expect(() => assertTemplateCompiles(template.content), template.slug).not.toThrow();
  });

  it.each([
    ['signal', 'signal-triage', /Triage signal/],
    ['hypothesis', 'hypothesis-plan', /Test hypothesis/],
    ['plan', 'plan-decompose', /Decompose plan/],
    ['task', 'task-execute', /# Task #/],
    ['monitor', 'monitor-check', /# Monitor #/],
  ] as const)('a %s issue gets %s, which explains the API and asks for a review without leaking a key', async (type, slug, heading) => {
    const issue = await anIssueRow(t.db, { type, signalSource: type === 'signal' ? 'sentry' : null });
    const context = await loadDispatchContext(t.db, issue.id);
    const choice = await chooseTemplate(t.db, context);
    expect(choice.template?.slug).toBe(slug);
    const prompt = renderPrompt(choice, context, { loopUrl: 'http://loop.test/', meta: {} });
    expect(prompt).toMatch(heading);
    expect(prompt).toContain(`http://loop.test/api/v1/issues/${issue.number}`);
    expect(prompt).toContain('$LOOP_API_KEY');
    expect(prompt).toContain(`"versionId": "${choice.version!.id}"`);
    expect(prompt).toContain(`"issueId": ${issue.number}`);
    expect(prompt).not.toContain(TEST_ROOT_KEY);
    expect(prompt).not.toMatch(/\{\{|\}\}(?!')/);
  });

  it('give an issue labelled prompt-improvement the prompt-improvement template, which asks for a draft version', async () => {
    const issue = await anIssueRow(t.db, { type: 'task', description: 'Template `task-execute` scored 2.1' });
    await labelIssue(t.db, issue, 'Prompt-Improvement');
    const context = await loadDispatchContext(t.db, issue.id);
    const choice = await chooseTemplate(t.db, context);
    expect(choice.template?.slug).toBe('prompt-improvement');
    const prompt = renderPrompt(choice, context, { loopUrl: 'http://loop.test', meta: {} });
    expect(prompt).toContain('Template `task-execute` scored 2.1');
    expect(prompt).toContain('/api/v1/templates/<slug>/versions');
    expect(prompt).toContain('"status": "draft"');
    expect(prompt).toContain('{{> review_instructions}}');
  });
});
