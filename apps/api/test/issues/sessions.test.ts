import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aDispatch } from '../support/fixtures/dispatch';

describe('GET /api/v1/issues/:idOrNumber sessions', () => {
  const clock = new TestClock();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('is empty for an issue no agent has claimed', async () => {
    const issue = (await t.api.post('/api/v1/issues', { title: 'Unclaimed', type: 'task', status: 'todo' })).body.data;
    expect((await t.api.get(`/api/v1/issues/${issue.number}`)).body.data.sessions).toEqual([]);
  });

  it('lists every claim, newest first, with its template version, lease and outcome', async () => {
    const project = (await t.api.post('/api/v1/projects', { name: 'Sessions' })).body.data;
    const issue = (await t.api.post('/api/v1/issues', { title: 'Claim me', type: 'task', status: 'todo', projectId: project.id })).body.data;
    const earlier = new Date(clock.now().getTime() - 3 * 60 * 60 * 1000);
    await aDispatch(t.db, {
      issueId: issue.id,
      claimedAt: earlier,
      outcome: 'expired',
      finishedAt: new Date(earlier.getTime() + 30 * 60 * 1000),
      summary: 'ran out of time',
    });
    const claim = await t.api.get(`/api/v1/dispatch/next?projectId=${project.id}`);
    expect(claim.status).toBe(200);

    const { sessions } = (await t.api.get(`/api/v1/issues/${issue.id}`)).body.data;
    expect(sessions).toEqual([
      {
        dispatchId: claim.body.data.meta.dispatchId,
        outcome: 'claimed',
        claimedAt: clock.now().toISOString(),
        leaseExpiresAt: claim.body.data.meta.leaseExpiresAt,
        finishedAt: null,
        agentSessionId: null,
        summary: null,
        templateSlug: expect.any(String),
        versionId: claim.body.data.meta.versionId,
        versionNumber: expect.any(Number),
      },
      expect.objectContaining({ outcome: 'expired', claimedAt: earlier.toISOString(), summary: 'ran out of time', templateSlug: null }),
    ]);
  });
});
