import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatches } from '../../src/db/schema';
import { claimBatchSize, claimGate, claimSlots } from '../../src/domain/dispatch/claim-gate';
import { defaultTemplateSlugs } from '../../src/domain/prompts/selection';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { takeEverySlot } from '../support/gate';
import { aProjectRow, aReadyTask, aSignalInTriage, fixtureNow, readyTasks } from '../support/fixtures/dispatch';

describe('POST /dispatch/next through the claim gate', () => {
  let t: TestApp;
  const clock = new TestClock(fixtureNow);
  beforeAll(async () => {
    t = await createTestApp({ clock, env: { DISPATCH_LEASE_SECONDS: '600' } });
  });
  afterAll(() => t.close());

  it('waits while every claim slot of the process is taken, then claims', async () => {
    const { id: projectId } = await aProjectRow(t.db);
    const [ready] = await readyTasks(t.db, 1, { projectId });
    const slots = takeEverySlot(claimGate(t.db));
    expect(claimGate(t.db).slots).toBe(claimSlots);

    const claim = t.api.post(`/api/v1/dispatch/next?projectId=${projectId}`);
    await vi.waitFor(() => expect(claimGate(t.db).pendingCount).toBe(1));
    // Other requests are not gated: one runs to its end while the claim waits, and nothing is claimed.
    expect((await t.api.get('/api/v1/issues')).status).toBe(200);
    expect(claimGate(t.db).pendingCount).toBe(1);
    expect(await t.db.select().from(dispatches)).toEqual([]);

    await slots.release();
    const response = await claim;
    expect(response.status).toBe(200);
    expect(response.body.data.issue.id).toBe(ready!.id);
  });

  it('claims for the requests that waited together in one statement: the best issue for the first, then the next…', async () => {
    const { id: projectId } = await aProjectRow(t.db);
    const signal = await aSignalInTriage(t.db, { projectId, priority: 1 });
    const high = await aReadyTask(t.db, { projectId, priority: 2 });
    const normal = await aReadyTask(t.db, { projectId, priority: 3 });
    const slots = takeEverySlot(claimGate(t.db));

    // Four agents ask, a second apart, while the slot is taken: one more than the issues ready.
    const claims = [];
    for (let asked = 1; asked <= 4; asked++) {
      claims.push(t.api.post(`/api/v1/dispatch/next?projectId=${projectId}`));
      await vi.waitFor(() => expect(claimGate(t.db).pendingCount).toBe(asked));
      clock.advance(1000);
    }
    const lastAsked = new Date(clock.now().getTime() - 1000);
    t.queries.reset();
    await slots.release();
    const responses = await Promise.all(claims);

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 204]);
    const made = responses.slice(0, 3).map((response) => response.body.data);
    expect(made.map((dispatch) => dispatch.issue.id)).toEqual([signal.id, high.id, normal.id]);
    // One statement claims for the batch, one more records each choice and loads every context.
    expect(t.queries.statements.filter((statement) => statement.startsWith('with shortlist as'))).toHaveLength(1);
    expect(t.queries.statements.filter((statement) => statement.startsWith('with recorded_choice as'))).toHaveLength(1);
    // One statement, one time: each claim is made when the last of the batch had asked, and leased from then.
    for (const response of responses.slice(0, 3)) {
      expect(response.body.data.meta).toMatchObject({
        claimedAt: lastAsked.toISOString(),
        leaseExpiresAt: new Date(lastAsked.getTime() + 600_000).toISOString(),
      });
    }
    const dispatchIds = new Set(responses.slice(0, 3).map((response) => response.body.data.meta.dispatchId));
    expect(dispatchIds.size).toBe(3);
    // The statement lists the templates once for the batch; each claim still chooses from all of them,
    // each dispatch row records its own choice, and each prompt is rendered from its own issue.
    expect(made.map((dispatch) => dispatch.meta.templateSlug)).toEqual([
      defaultTemplateSlugs.signal,
      defaultTemplateSlugs.task,
      defaultTemplateSlugs.task,
    ]);
    const recorded = await t.db.select().from(dispatches).where(inArray(dispatches.id, [...dispatchIds]));
    for (const dispatch of made) {
      const row = recorded.find((candidate) => candidate.id === dispatch.meta.dispatchId);
      expect(row).toMatchObject({ issueId: dispatch.issue.id, templateId: dispatch.meta.templateId, versionId: dispatch.meta.versionId });
      expect(dispatch.prompt).toContain(dispatch.issue.title);
      expect(dispatch.issue.previousSessions).toEqual([]);
    }
  });

  it('gathers at most a batch size of claims in one statement', async () => {
    const { id: projectId } = await aProjectRow(t.db);
    await readyTasks(t.db, claimBatchSize + 1, { projectId });
    const slots = takeEverySlot(claimGate(t.db));
    const claims = Array.from({ length: claimBatchSize + 1 }, () => t.api.post(`/api/v1/dispatch/next?projectId=${projectId}`));
    await vi.waitFor(() => expect(claimGate(t.db).pendingCount).toBe(claimBatchSize + 1));
    t.queries.reset();
    await slots.release();
    const responses = await Promise.all(claims);
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(new Set(responses.map((response) => response.body.data.issue.id)).size).toBe(claimBatchSize + 1);
    expect(t.queries.statements.filter((statement) => statement.startsWith('with shortlist as'))).toHaveLength(2);
  });
});
