import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptTemplates, promptVersions } from '../../src/db/schema';
import { hasLowScore as needsAttention } from '../../src/domain/prompts/reviews';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aDispatch, anIssue, aReview, aTemplateWithActiveVersion, aVersion, fixtureNow } from '../support/fixtures/dispatch';

type Scores = [clarity: number, completeness: number, relevance: number];

describe('GET /dashboard/prompts', () => {
  let t: TestApp;
  let issueId: string;
  const review = (versionId: string, [clarity, completeness, relevance]: Scores) =>
    aReview(t.db, { versionId, issueId, clarity, completeness, relevance });
  const reviewMany = async (versionId: string, scores: Scores[]) => {
    for (const score of scores) await review(versionId, score);
  };
  const healthOf = async (slug: string) => {
    const response = await t.api.get('/api/v1/dashboard/prompts?limit=200');
    expect(response.status).toBe(200);
    return response.body.data.find((entry: { template: { slug: string } }) => entry.template.slug === slug);
  };

  beforeAll(async () => {
    // Thresholds other than the defaults (3.5 over 5), so the flag provably follows the environment.
    t = await createTestApp({
      clock: new TestClock(fixtureNow),
      env: { PROMPT_REVIEW_THRESHOLD: '4', PROMPT_REVIEW_MIN_COUNT: '3' },
    });
    issueId = (await anIssue(t.db)).id;
  });
  afterAll(() => t.close());

  it('flags an active version averaging below the threshold over at least the minimum count', async () => {
    const { version } = await aTemplateWithActiveVersion(t.db, { slug: 'health-low' });
    await reviewMany(version!.id, [
      [3, 4, 4],
      [3, 4, 4],
      [4, 4, 3],
    ]);
    const health = await healthOf('health-low');
    expect(health.reviews).toEqual({ count: 3, clarity: 3.33, completeness: 4, relevance: 3.67, overall: 3.67 });
    expect(health.needsAttention).toBe(true);
  });

  it('does not flag too few reviews, an average at the threshold, or the reviews of a retired version', async () => {
    const few = await aTemplateWithActiveVersion(t.db, { slug: 'health-few' });
    await reviewMany(few.version!.id, [
      [1, 1, 1],
      [1, 1, 1],
    ]);
    const edge = await aTemplateWithActiveVersion(t.db, { slug: 'health-edge' });
    await reviewMany(edge.version!.id, [
      [4, 4, 4],
      [3, 4, 5],
      [5, 4, 3],
    ]);
    const replaced = await aTemplateWithActiveVersion(t.db, { slug: 'health-replaced' });
    await reviewMany(replaced.version!.id, [
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    await t.db.update(promptVersions).set({ status: 'retired' }).where(eq(promptVersions.id, replaced.version!.id));
    await aVersion(t.db, replaced.template.id, { version: 2, status: 'active' }, { makeActive: true });

    expect(await healthOf('health-few')).toMatchObject({ needsAttention: false, reviews: { count: 2, overall: 1 } });
    expect(await healthOf('health-edge')).toMatchObject({ needsAttention: false, reviews: { count: 3, overall: 4 } });
    expect(await healthOf('health-replaced')).toMatchObject({
      needsAttention: false,
      activeVersion: { version: 2 },
      reviews: { count: 0, clarity: null, completeness: null, relevance: null, overall: null },
    });
  });

  it('reports the active version, usage and completion over all versions', async () => {
    const { template, version: first } = await aTemplateWithActiveVersion(t.db, { slug: 'health-usage' });
    await t.db.update(promptVersions).set({ status: 'retired' }).where(eq(promptVersions.id, first!.id));
    const second = await aVersion(
      t.db,
      template.id,
      { version: 2, status: 'active', reviewScore: 4.5, activatedAt: fixtureNow },
      { makeActive: true },
    );
    // Usage and completion are counted from the claims: 2 of the retired version, 5 of the active one
    // (its two done claims took a minute each).
    const claims = [
      { versionId: first!.id, outcomes: ['done', 'released'] },
      { versionId: second.id, outcomes: ['done', 'done', 'canceled', 'expired', 'claimed'] },
    ] as const;
    for (const { versionId, outcomes } of claims) {
      for (const outcome of outcomes) {
        const finishedAt = outcome === 'claimed' ? null : new Date(fixtureNow.getTime() + 60_000);
        await aDispatch(t.db, { issueId: (await anIssue(t.db)).id, templateId: template.id, versionId, outcome, finishedAt });
      }
    }
    expect(await healthOf('health-usage')).toEqual({
      template: { id: template.id, slug: 'health-usage', name: template.name, projectId: null },
      activeVersion: {
        id: second.id,
        version: 2,
        activatedAt: fixtureNow.toISOString(),
        usageCount: 5,
        completionRate: 0.5,
        avgDurationMs: 60_000,
        reviewScore: 4.5,
      },
      usageCount: 7,
      completionRate: 0.5,
      reviews: { count: 0, clarity: null, completeness: null, relevance: null, overall: null },
      needsAttention: false,
      improvementIssue: null,
    });
  });

  it('shows a template without an active version, and the open improvement issue only while it is open', async () => {
    const { template: idle } = await aTemplateWithActiveVersion(t.db, { slug: 'health-idle', content: null });
    expect(await healthOf('health-idle')).toMatchObject({ activeVersion: null, usageCount: 0, completionRate: null, needsAttention: false });

    const improvement = await anIssue(t.db, { title: 'Improve health-idle', priority: 3 });
    await t.db.update(promptTemplates).set({ improvementIssueId: improvement.id }).where(eq(promptTemplates.id, idle.id));
    expect((await healthOf('health-idle')).improvementIssue).toEqual({
      id: improvement.id,
      number: improvement.number,
      title: 'Improve health-idle',
      type: 'task',
      status: 'todo',
      priority: 3,
    });
    await t.api.patch(`/api/v1/issues/${improvement.id}`, { status: 'done' });
    expect((await healthOf('health-idle')).improvementIssue).toBeNull();
  });

  it('lists live templates by slug, paginated; a deleted template is gone', async () => {
    const { template } = await aTemplateWithActiveVersion(t.db, { slug: 'health-deleted' });
    await t.db.update(promptTemplates).set({ deletedAt: fixtureNow }).where(eq(promptTemplates.id, template.id));
    const whole = await t.api.get('/api/v1/dashboard/prompts?limit=200');
    const slugs = whole.body.data.map((entry: { template: { slug: string } }) => entry.template.slug);
    expect(slugs).not.toContain('health-deleted');
    expect(slugs).toEqual([...slugs].sort());
    expect(slugs).toEqual(expect.arrayContaining(['task-execute', 'signal-triage', 'prompt-improvement']));
    expect(whole.body.total).toBe(slugs.length);

    const page = await t.api.get('/api/v1/dashboard/prompts?limit=2&offset=1');
    expect(page.body).toMatchObject({ total: slugs.length, limit: 2, offset: 1 });
    expect(page.body.data.map((entry: { template: { slug: string } }) => entry.template.slug)).toEqual(slugs.slice(1, 3));
  });
});

describe('needsAttention', () => {
  const defaults = { threshold: 3.5, minCount: 5 };
  it.each([
    { count: 5, average: 3.49, expected: true },
    { count: 5, average: 3.5, expected: false },
    { count: 4, average: 1, expected: false },
    { count: 0, average: null, expected: false },
    { count: 20, average: 2, expected: true },
  ])('$count reviews averaging $average → $expected', ({ count, average, expected }) => {
    expect(needsAttention({ count, average }, defaults)).toBe(expected);
  });
});
