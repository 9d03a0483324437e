import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import {
  aDispatch,
  anIssue,
  aReview,
  aSignal,
  aTemplateWithActiveVersion,
  fixtureNow,
  type IssueRow,
} from '../support/fixtures/dispatch';

const minutesBefore = (minutes: number) => new Date(fixtureNow.getTime() - minutes * 60 * 1000);
const at = (minutes: number) => minutesBefore(minutes).toISOString();

describe('GET /dashboard/activity', () => {
  let t: TestApp;
  let signalIssueId: string;
  let signalId: string;
  let claimed: IssueRow;
  let done: IssueRow;
  let canceled: IssueRow;
  let dispatchId: string;
  let reviewId: string;
  let versionId: string;
  let templateSlug: string;

  beforeAll(async () => {
    t = await createTestApp({ clock: new TestClock(fixtureNow) });
    const { db } = t;
    const signal = await aSignal(db, { createdAt: minutesBefore(50), source: 'github', type: 'workflow-failed', severity: 'critical' });
    signalId = signal.id;
    signalIssueId = signal.issueId;
    claimed = await anIssue(db, { status: 'in_progress', createdAt: minutesBefore(40) });
    done = await anIssue(db, { status: 'done', createdAt: minutesBefore(30), completedAt: minutesBefore(20) });
    canceled = await anIssue(db, { status: 'canceled', createdAt: minutesBefore(25), completedAt: minutesBefore(15) });
    const { template, version } = await aTemplateWithActiveVersion(db);
    versionId = version!.id;
    templateSlug = template.slug;
    dispatchId = (await aDispatch(db, { issueId: claimed.id, templateId: template.id, versionId, claimedAt: minutesBefore(10) })).id;
    reviewId = (await aReview(db, { versionId, issueId: claimed.id, clarity: 4, completeness: 3, relevance: 5, createdAt: minutesBefore(5) })).id;

    // A deleted issue takes all of its events with it.
    const deleted = await anIssue(db, { status: 'done', createdAt: minutesBefore(1), completedAt: minutesBefore(1), deletedAt: fixtureNow });
    await aSignal(db, { issueId: deleted.id, createdAt: minutesBefore(2) });
    await aDispatch(db, { issueId: deleted.id, claimedAt: minutesBefore(2) });
    await aReview(db, { versionId, issueId: deleted.id, clarity: 1, completeness: 1, relevance: 1, createdAt: minutesBefore(1) });
  });
  afterAll(() => t.close());

  it('lists the loop events newest first, each with its issue summary', async () => {
    const response = await t.api.get('/api/v1/dashboard/activity');
    expect(response.status).toBe(200);
    const summary = (issue: IssueRow) => ({
      id: issue.id,
      number: issue.number,
      title: issue.title,
      type: issue.type,
      status: issue.status,
      priority: issue.priority,
    });
    expect(response.body).toMatchObject({ total: 8, limit: 50, offset: 0 });
    expect(response.body.data).toEqual([
      {
        type: 'prompt_reviewed',
        at: at(5),
        issue: summary(claimed),
        review: { id: reviewId, versionId, templateSlug, clarity: 4, completeness: 3, relevance: 5 },
      },
      {
        type: 'issue_claimed',
        at: at(10),
        issue: summary(claimed),
        dispatch: {
          id: dispatchId,
          outcome: 'claimed',
          templateId: expect.any(String),
          versionId,
          leaseExpiresAt: new Date(minutesBefore(10).getTime() + 30 * 60 * 1000).toISOString(),
          finishedAt: null,
        },
      },
      { type: 'issue_canceled', at: at(15), issue: summary(canceled) },
      { type: 'issue_completed', at: at(20), issue: summary(done) },
      { type: 'issue_created', at: at(25), issue: summary(canceled) },
      { type: 'issue_created', at: at(30), issue: summary(done) },
      { type: 'issue_created', at: at(40), issue: summary(claimed) },
      {
        type: 'signal_received',
        at: at(50),
        issue: expect.objectContaining({ id: signalIssueId, type: 'signal', status: 'triage' }),
        signal: { id: signalId, source: 'github', type: 'workflow-failed', severity: 'critical' },
      },
    ]);
  });

  it('pages through the same order; total counts every event', async () => {
    const whole = (await t.api.get('/api/v1/dashboard/activity')).body.data;
    const page = await t.api.get('/api/v1/dashboard/activity?limit=3&offset=3');
    expect(page.body).toMatchObject({ total: 8, limit: 3, offset: 3 });
    expect(page.body.data).toEqual(whole.slice(3, 6));
    const beyond = await t.api.get('/api/v1/dashboard/activity?offset=100');
    expect(beyond.body).toMatchObject({ data: [], total: 8 });
  });

  it('rejects a bad page with 422', async () => {
    const response = await t.api.get('/api/v1/dashboard/activity?limit=500');
    expect(response.status).toBe(422);
  });
});
