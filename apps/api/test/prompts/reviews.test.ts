import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issues, promptReviews } from '../../src/db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { anIssueRow, templateFixtures } from '../support/fixtures/prompts';

type Scores = [clarity: number, completeness: number, relevance: number];

describe('/prompt-reviews', () => {
  let t: TestApp;
  let fixtures: ReturnType<typeof templateFixtures>;
  beforeAll(async () => {
    t = await createTestApp();
    fixtures = templateFixtures(t.api);
  });
  afterAll(() => t.close());

  const review = (versionId: string, issueId: string | number, [clarity, completeness, relevance]: Scores, feedback?: string) =>
    t.api.post('/api/v1/prompt-reviews', {
      versionId,
      issueId,
      clarity,
      completeness,
      relevance,
      authorType: 'agent',
      ...(feedback === undefined ? {} : { feedback }),
    });

  async function reviewCount() {
    const [row] = await t.db.select({ n: count() }).from(promptReviews);
    return row!.n;
  }

  it('stores a review (issue named by number) and answers 201 with it', async () => {
    const template = await fixtures.aTemplate();
    const issue = await anIssueRow(t.db);
    const response = await review(template.activeVersionId, issue.number, [5, 4, 3], 'Clear enough');
    expect(response.status).toBe(201);
    expect(response.body.data).toEqual({
      id: expect.any(String),
      versionId: template.activeVersionId,
      issueId: issue.id,
      clarity: 5,
      completeness: 4,
      relevance: 3,
      feedback: 'Clear enough',
      authorType: 'agent',
      createdAt: expect.any(String),
    });
  });

  it("keeps the version's review_score at the mean of (clarity + completeness + relevance) / 3", async () => {
    const template = await fixtures.aTemplate();
    const issue = await anIssueRow(t.db);
    await review(template.activeVersionId, issue.id, [5, 4, 3]); // 4
    const afterOne = await t.api.get(`/api/v1/templates/${template.slug}/versions/${template.activeVersionId}`);
    expect(afterOne.body.data.reviewScore).toBe(4);
    await review(template.activeVersionId, issue.id, [2, 1, 1]); // 4/3
    const afterTwo = await t.api.get(`/api/v1/templates/${template.slug}/versions/${template.activeVersionId}`);
    expect(afterTwo.body.data.reviewScore).toBeCloseTo((4 + 4 / 3) / 2, 10);
  });

  it('refuses a missing version or issue with 422 naming the field, and stores nothing', async () => {
    const template = await fixtures.aTemplate();
    const issue = await anIssueRow(t.db);
    const deletedIssue = await anIssueRow(t.db, { deletedAt: new Date() });
    const deletedTemplate = await fixtures.aTemplate();
    await t.api.delete(`/api/v1/templates/${deletedTemplate.slug}`);
    const before = await reviewCount();

    const cases: [string, string | number, string][] = [
      ['no-such-version', issue.id, 'versionId'],
      [deletedTemplate.activeVersionId, issue.id, 'versionId'],
      [template.activeVersionId, 'no-such-issue', 'issueId'],
      [template.activeVersionId, 999_999, 'issueId'],
      [template.activeVersionId, deletedIssue.id, 'issueId'],
    ];
    for (const [versionId, issueId, field] of cases) {
      const response = await review(versionId, issueId, [3, 3, 3]);
      expect(response.status, `${field} ${issueId}`).toBe(422);
      expect(response.body.code).toBe('invalid_reference');
      expect(response.body.details).toEqual([{ field, message: expect.any(String) }]);
    }
    expect(await reviewCount()).toBe(before);
  });

  it('refuses scores outside 1–5, non-integers, unknown fields and a missing authorType with 422', async () => {
    const template = await fixtures.aTemplate();
    const issue = await anIssueRow(t.db);
    const valid = { versionId: template.activeVersionId, issueId: issue.id, clarity: 3, completeness: 3, relevance: 3, authorType: 'agent' };
    const before = await reviewCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, clarity: 0 }, 'clarity'],
      [{ ...valid, completeness: 6 }, 'completeness'],
      [{ ...valid, relevance: 3.5 }, 'relevance'],
      [{ ...valid, relevance: '4' }, 'relevance'],
      [{ ...valid, authorType: 'robot' }, 'authorType'],
      [{ ...valid, score: 5 }, 'score'],
      [{ ...valid, authorType: undefined }, 'authorType'],
    ];
    for (const [body, field] of cases) {
      const response = await t.api.post('/api/v1/prompt-reviews', body);
      expect(response.status, field).toBe(422);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
    expect(await reviewCount()).toBe(before);
  });

  it("lists a template's reviews of every version, newest first, with averages over all of them", async () => {
    const template = await fixtures.aTemplate();
    const issue = await anIssueRow(t.db);
    await review(template.activeVersionId, issue.id, [5, 5, 4], 'first');
    const v2 = await fixtures.aVersion(template, { status: 'active' });
    await review(v2.id, issue.id, [4, 3, 4], 'second');
    await review(v2.id, issue.id, [4, 2, 1], 'third');
    const other = await fixtures.aTemplate();
    await review(other.activeVersionId, issue.id, [1, 1, 1], 'other template');

    const page = await t.api.get(`/api/v1/templates/${template.slug}/reviews?limit=2`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      total: 3,
      count: 3,
      limit: 2,
      offset: 0,
      averages: { clarity: 4.33, completeness: 3.33, relevance: 3, overall: 3.56 },
    });
    expect(page.body.data.map((item: { feedback: string }) => item.feedback)).toEqual(['third', 'second']);
    const rest = await t.api.get(`/api/v1/templates/${template.id}/reviews?offset=2`);
    expect(rest.body.data.map((item: { feedback: string }) => item.feedback)).toEqual(['first']);
  });

  it('answers an empty page with null averages for a template without reviews, and 404 for an unknown one', async () => {
    const template = await fixtures.aTemplate();
    const page = await t.api.get(`/api/v1/templates/${template.slug}/reviews`);
    expect(page.body).toMatchObject({
      data: [],
      total: 0,
      count: 0,
      averages: { clarity: null, completeness: null, relevance: null, overall: null },
    });
    expect((await t.api.get('/api/v1/templates/ghost/reviews')).status).toBe(404);
  });
});

describe('the improvement loop', () => {
  let t: TestApp;
  let fixtures: ReturnType<typeof templateFixtures>;
  beforeAll(async () => {
    t = await createTestApp();
    fixtures = templateFixtures(t.api);
  });
  afterAll(() => t.close());

  const low: Scores = [2, 3, 3];
  const high: Scores = [5, 5, 4];

  async function reviewTimes(versionId: string, times: number, scores: Scores, feedback?: (i: number) => string) {
    const issue = await anIssueRow(t.db);
    for (let i = 0; i < times; i++) {
      const response = await t.api.post('/api/v1/prompt-reviews', {
        versionId,
        issueId: issue.id,
        clarity: scores[0],
        completeness: scores[1],
        relevance: scores[2],
        authorType: 'agent',
        ...(feedback ? { feedback: feedback(i) } : {}),
      });
      expect(response.status).toBe(201);
    }
  }

  /** Live issues labelled prompt-improvement, through the issues API. */
  async function improvementIssues() {
    const labels = await t.api.get('/api/v1/labels?limit=200');
    const label = labels.body.data.find((item: { name: string }) => item.name === 'prompt-improvement');
    if (!label) return [];
    const list = await t.api.get(`/api/v1/issues?labelId=${label.id}&limit=200`);
    return list.body.data as { id: string; number: number; title: string; description: string; status: string }[];
  }

  const about = (slug: string) => async () => (await improvementIssues()).filter((issue) => issue.title.includes(`"${slug}"`));

  it('opens one prompt-improvement task when the active version averages below 3.5 over 5 reviews', async () => {
    const template = await fixtures.aTemplate();
    const issuesFor = about(template.slug);
    await reviewTimes(template.activeVersionId, 4, low, (i) => `Missing step ${i}`);
    expect(await issuesFor()).toEqual([]);

    await reviewTimes(template.activeVersionId, 1, low, () => 'Say where the <tests> live & how to run them');
    const opened = await issuesFor();
    expect(opened).toHaveLength(1);
    const detail = await t.api.get(`/api/v1/issues/${opened[0]!.number}`);
    expect(detail.body.data).toMatchObject({ type: 'task', status: 'todo', priority: 3 });
    expect(detail.body.data.labels.map((label: { name: string }) => label.name)).toEqual(['prompt-improvement']);
    const description: string = detail.body.data.description;
    expect(description).toContain(`\`${template.slug}\``);
    expect(description).toContain(template.id);
    expect(description).toContain('| 5 | 5 | 2.67 | 2.00 | 3.00 | 3.00 |');
    expect(description).toContain('below the threshold of 3.5');
    expect(description).toContain('> Say where the <tests> live & how to run them');
    expect(description).toContain('> Missing step 0');
    expect((await t.api.get(`/api/v1/templates/${template.slug}`)).body.data.improvementIssueId).toBe(opened[0]!.id);

    // Dispatching it selects the prompt-improvement template through its label condition.
    const preview = await t.api.get(`/api/v1/issues/${opened[0]!.number}/prompt-preview`);
    expect(preview.body.data.template.slug).toBe('prompt-improvement');
    expect(preview.body.data.prompt).toContain(description.split('\n')[0]);
  });

  it('opens no second one while the first is open, and a new one after it closes', async () => {
    const template = await fixtures.aTemplate();
    const issuesFor = about(template.slug);
    await reviewTimes(template.activeVersionId, 5, low);
    const [first] = await issuesFor();
    expect(first).toBeDefined();

    await t.api.patch(`/api/v1/issues/${first!.number}`, { status: 'in_progress' });
    await reviewTimes(template.activeVersionId, 3, low);
    expect(await issuesFor()).toHaveLength(1);

    await t.api.patch(`/api/v1/issues/${first!.number}`, { status: 'done' });
    expect(await issuesFor()).toHaveLength(1);
    await reviewTimes(template.activeVersionId, 1, low);
    const after = await issuesFor();
    expect(after).toHaveLength(2);
    const second = after.find((issue) => issue.id !== first!.id)!;
    expect(second.status).toBe('todo');
    expect((await t.api.get(`/api/v1/templates/${template.slug}`)).body.data.improvementIssueId).toBe(second.id);
  });

  it('treats a canceled or deleted improvement issue as closed', async () => {
    const template = await fixtures.aTemplate();
    const issuesFor = about(template.slug);
    await reviewTimes(template.activeVersionId, 5, low);
    const [first] = await issuesFor();
    await t.api.patch(`/api/v1/issues/${first!.number}`, { status: 'canceled' });
    await reviewTimes(template.activeVersionId, 1, low);
    const second = (await issuesFor()).find((issue) => issue.id !== first!.id);
    expect(second).toBeDefined();
    await t.db.update(issues).set({ deletedAt: new Date() }).where(eq(issues.id, second!.id));
    await reviewTimes(template.activeVersionId, 1, low);
    const live = await issuesFor();
    expect(live.map((issue) => issue.status).sort()).toEqual(['canceled', 'todo']);
    const third = live.find((issue) => issue.status === 'todo')!;
    expect([first!.id, second!.id]).not.toContain(third.id);
  });

  it('opens exactly one under concurrent reviews', async () => {
    const template = await fixtures.aTemplate();
    await reviewTimes(template.activeVersionId, 4, low);
    const issue = await anIssueRow(t.db);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.api.post('/api/v1/prompt-reviews', {
          versionId: template.activeVersionId,
          issueId: issue.id,
          clarity: 1,
          completeness: 1,
          relevance: 1,
          authorType: 'agent',
        }),
      ),
    );
    expect(responses.every((response) => response.status === 201)).toBe(true);
    expect(await about(template.slug)()).toHaveLength(1);
  });

  it('does not fire for good scores, nor for low scores of a version that is not active', async () => {
    const template = await fixtures.aTemplate();
    await reviewTimes(template.activeVersionId, 6, high);
    const draft = await fixtures.aVersion(template);
    await reviewTimes(draft.id, 6, low);
    expect(await about(template.slug)()).toEqual([]);
  });

  it('asks for a periodic refresh after 15 reviews since the version became active, whatever the scores', async () => {
    const template = await fixtures.aTemplate();
    const issuesFor = about(template.slug);
    await reviewTimes(template.activeVersionId, 14, high);
    expect(await issuesFor()).toEqual([]);
    await reviewTimes(template.activeVersionId, 1, high);
    const [opened] = await issuesFor();
    expect(opened).toBeDefined();
    const detail = await t.api.get(`/api/v1/issues/${opened!.number}`);
    expect(detail.body.data.description).toContain('15 reviews since it became active');
  });

  it('counts refresh reviews from the latest activation only', async () => {
    const template = await fixtures.aTemplate();
    await reviewTimes(template.activeVersionId, 10, high);
    // Promoting another version and rolling back restarts the count for version 1.
    const v2 = await fixtures.aVersion(template, { status: 'active' });
    await reviewTimes(v2.id, 3, high);
    await t.api.patch(`/api/v1/templates/${template.slug}/versions/${template.activeVersionId}`, { status: 'active' });
    await reviewTimes(template.activeVersionId, 10, high);
    expect(await about(template.slug)()).toEqual([]);
  });
});

describe('the improvement loop with configured thresholds', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { PROMPT_REVIEW_THRESHOLD: '4.5', PROMPT_REVIEW_MIN_COUNT: '2', PROMPT_REFRESH_REVIEW_COUNT: '100' },
    });
  });
  afterAll(() => t.close());

  it('reads the threshold and the minimum count from the environment', async () => {
    const template = await templateFixtures(t.api).aTemplate();
    const issue = await anIssueRow(t.db);
    const post = () =>
      t.api.post('/api/v1/prompt-reviews', {
        versionId: template.activeVersionId,
        issueId: issue.id,
        clarity: 4,
        completeness: 4,
        relevance: 4,
        authorType: 'human',
      });
    await post();
    expect((await t.api.get(`/api/v1/templates/${template.slug}`)).body.data.improvementIssueId).toBeNull();
    await post();
    const improvementIssueId = (await t.api.get(`/api/v1/templates/${template.slug}`)).body.data.improvementIssueId;
    expect(improvementIssueId).toEqual(expect.any(String));
    const detail = await t.api.get(`/api/v1/issues/${improvementIssueId}`);
    expect(detail.body.data.description).toContain('below the threshold of 4.5 over 2 reviews');
  });
});
