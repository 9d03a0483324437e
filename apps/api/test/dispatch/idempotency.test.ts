import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatches, issues } from '../../src/db/schema';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aProjectRow, aReadyTask, fixtureNow, readyTasks } from '../support/fixtures/dispatch';

const leaseSeconds = 600;
let keySequence = 0;
const aFreshKey = () => `claim-${++keySequence}-${Math.random().toString(36).slice(2)}`;

describe('POST /dispatch/next with Idempotency-Key', () => {
  let t: TestApp;
  const clock = new TestClock(fixtureNow);
  beforeAll(async () => {
    t = await createTestApp({ clock, env: { DISPATCH_LEASE_SECONDS: String(leaseSeconds) } });
  });
  afterAll(() => t.close());

  const claimWith = (projectId: string, key: string, options: { apiKey?: string } = {}) =>
    t.api.post(`/api/v1/dispatch/next?projectId=${projectId}`, undefined, {
      headers: { 'Idempotency-Key': key },
      ...(options.apiKey ? { key: options.apiKey } : {}),
    });
  const claimsOf = (projectIssueIds: string[]) => t.db.select().from(dispatches).where(inArray(dispatches.issueId, projectIssueIds));
  const inProgress = async (ids: string[]) =>
    (await t.db.select({ id: issues.id }).from(issues).where(and(inArray(issues.id, ids), eq(issues.status, 'in_progress')))).length;
  const anAgentKey = async () => (await t.api.post('/api/v1/api-keys', { name: 'agent', role: 'agent' })).body.data.key as string;

  it('answers a repeat with the same claim: same dispatch, same prompt, no second issue claimed', async () => {
    const { id: projectId } = await aProjectRow(t.db);
    const ready = await readyTasks(t.db, 2, { projectId });
    const key = aFreshKey();

    const first = await claimWith(projectId, key);
    const repeat = await claimWith(projectId, key);
    expect(first.status).toBe(200);
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('cache-control')).toBe('no-store');
    expect(repeat.body.data.meta).toEqual(first.body.data.meta);
    expect(repeat.body.data.prompt).toBe(first.body.data.prompt);
    expect(repeat.body.data.issue).toEqual(first.body.data.issue);

    const rows = await claimsOf(ready.map((issue) => issue.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ idempotencyKey: key, apiKeyId: 'root' });
    expect(await inProgress(ready.map((issue) => issue.id))).toBe(1);
  });

  it('claims another issue for a different key', async () => {
    const { id: projectId } = await aProjectRow(t.db);
    const ready = await readyTasks(t.db, 2, { projectId });
    const first = await claimWith(projectId, aFreshKey());
    const second = await claimWith(projectId, aFreshKey());
    expect(second.body.data.issue.id).not.toBe(first.body.data.issue.id);
    expect(await inProgress(ready.map((issue) => issue.id))).toBe(2);
  });

  it('scopes the key to the API key: the same Idempotency-Key from another API key is another claim', async () => {
    const { id: projectId } = await aProjectRow(t.db);
    await readyTasks(t.db, 2, { projectId });
    const key = aFreshKey();
    const mine = await claimWith(projectId, key);
    const theirs = await claimWith(projectId, key, { apiKey: await anAgentKey() });
    expect(theirs.status).toBe(200);
    expect(theirs.body.data.meta.dispatchId).not.toBe(mine.body.data.meta.dispatchId);
  });

  it('gives 20 simultaneous repeats of one claim one dispatch, even when the claim takes the only ready issue', async () => {
    for (const readyCount of [1, 3]) {
      const { id: projectId } = await aProjectRow(t.db);
      const ready = await readyTasks(t.db, readyCount, { projectId });
      const key = aFreshKey();

      const responses = await Promise.all(Array.from({ length: 20 }, () => claimWith(projectId, key)));

      expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
      const dispatchIds = new Set(responses.map((response) => response.body.data.meta.dispatchId));
      expect(dispatchIds.size).toBe(1);
      expect(new Set(responses.map((response) => response.body.data.prompt)).size).toBe(1);
      const rows = await claimsOf(ready.map((issue) => issue.id));
      expect(rows.map((row) => row.id)).toEqual([...dispatchIds]);
      expect(await inProgress(ready.map((issue) => issue.id))).toBe(1);
    }
  });

  it('answers 409 lease_lost once the claim is closed or expired, claiming nothing', async () => {
    const { id: projectId } = await aProjectRow(t.db);
    const ready = await readyTasks(t.db, 3, { projectId });
    try {
      const doneKey = aFreshKey();
      const done = await claimWith(projectId, doneKey);
      const closing = await t.api.patch(`/api/v1/issues/${done.body.data.issue.id}`, { status: 'done' }, {
        headers: { 'Loop-Dispatch-Id': done.body.data.meta.dispatchId },
      });
      expect(closing.status).toBe(200);
      const afterDone = await claimWith(projectId, doneKey);
      expect(afterDone.status).toBe(409);
      expect(afterDone.body).toEqual({ error: expect.stringContaining('done'), code: 'lease_lost' });

      const expiringKey = aFreshKey();
      await claimWith(projectId, expiringKey);
      clock.advance(leaseSeconds * 1000);
      const afterExpiry = await claimWith(projectId, expiringKey);
      expect(afterExpiry.status).toBe(409);
      expect(afterExpiry.body.code).toBe('lease_lost');

      expect(await claimsOf(ready.map((issue) => issue.id))).toHaveLength(2);
    } finally {
      clock.set(fixtureNow);
    }
  });

  it.each([
    ['too long', 'k'.repeat(256)],
    ['not printable', 'tab\there'],
    ['empty', ''],
  ])('answers 422 naming the header for a key that is %s, claiming nothing', async (_case, key) => {
    const { id: projectId } = await aProjectRow(t.db);
    const issue = await aReadyTask(t.db, { projectId });
    const response = await claimWith(projectId, key);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.details.map((detail: { field: string }) => detail.field)).toEqual(['idempotency-key']);
    expect(await claimsOf([issue.id])).toHaveLength(0);
  });

  it('accepts a 255-character printable key', async () => {
    const { id: projectId } = await aProjectRow(t.db);
    await aReadyTask(t.db, { projectId });
    expect((await claimWith(projectId, `${'k'.repeat(250)} ~!@#`)).status).toBe(200);
  });
});
