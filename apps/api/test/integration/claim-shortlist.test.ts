import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/db/ids';
import { rawRows } from '../../src/db/raw-rows';
import { issues } from '../../src/db/schema';
import { claimTopReady } from '../../src/domain/dispatch/claim';
import { shortlistSize } from '../../src/domain/dispatch/walk';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aProjectRow, fixtureNow, readyTasks } from '../support/fixtures/dispatch';

/**
 * The claim picks from a shortlist of the queue's top issues and skips rows other claimers hold
 * locked. Here another connection holds the top rows locked (as claims in flight do), which PGLite,
 * one connection, cannot stage.
 */
describe('GET /dispatch/next while other claims hold the top of the queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: new TestClock(fixtureNow) });
  });
  afterAll(() => t.close());

  /** Runs `during` while another transaction holds these issues locked, as in-flight claims do. */
  async function whileLocked<T>(ids: string[], during: () => Promise<T>): Promise<T> {
    return t.db.transaction(async (tx) => {
      await tx.select({ id: issues.id }).from(issues).where(inArray(issues.id, ids)).for('update');
      return during();
    });
  }

  it('takes the first issue nobody holds: from the shortlist, or from the whole queue once every shortlisted one is held', async () => {
    const project = await aProjectRow(t.db);
    // Identical tasks: the queue order is their number order.
    const ready = await readyTasks(t.db, shortlistSize + 5, { projectId: project.id, priority: 2 });
    const path = `/api/v1/dispatch/next?projectId=${project.id}`;

    const afterFive = await whileLocked(ready.slice(0, 5).map((issue) => issue.id), () => t.api.get(path));
    expect(afterFive.status).toBe(200);
    expect(afterFive.body.data.issue.id).toBe(ready[5]!.id);

    // Every shortlisted issue is held (the claim above took one of them, so hold the next ones too).
    const held = ready.slice(0, shortlistSize + 2).filter((issue) => issue.id !== ready[5]!.id);
    const pastTheShortlist = await whileLocked(held.map((issue) => issue.id), () => t.api.get(path));
    expect(pastTheShortlist.status).toBe(200);
    expect(pastTheShortlist.body.data.issue.id).toBe(ready[shortlistSize + 2]!.id);

    // Once the locks are gone, the held issues are handed out in queue order.
    const next = await t.api.get(path);
    expect(next.body.data.issue.id).toBe(ready[0]!.id);
    const [row] = await rawRows<{ open: number }>(t.db, sql`select count(*)::int as open from dispatches where outcome = 'claimed'`);
    expect(row?.open).toBe(3);
  });

  it("fills a batch from the shortlist's free issues first, then from the whole queue, each issue once and best first", async () => {
    const project = await aProjectRow(t.db);
    const ready = await readyTasks(t.db, shortlistSize + 5, { projectId: project.id, priority: 2 });
    const requests = Array.from({ length: 4 }, () => ({ dispatchId: newId(), leaseExpiresAt: new Date(fixtureNow.getTime() + 600_000) }));
    // Two shortlisted issues are free: the 4th and the 9th.
    const held = ready.slice(0, shortlistSize).filter((_, index) => index !== 3 && index !== 8);
    const claims = await whileLocked(held.map((issue) => issue.id), () =>
      claimTopReady(t.db, { projectId: project.id, now: fixtureNow, claims: requests }),
    );
    expect(claims.map((claim) => claim?.issueId)).toEqual([ready[3]!.id, ready[8]!.id, ready[shortlistSize]!.id, ready[shortlistSize + 1]!.id]);
    expect(claims.map((claim) => claim?.dispatchId)).toEqual(requests.map((request) => request.dispatchId));
    const recorded = await rawRows<{ id: string; issue_id: string }>(
      t.db,
      sql`select id, issue_id from dispatches where id in (${sql.join(requests.map((request) => sql`${request.dispatchId}`), sql`, `)})`,
    );
    expect(new Map(recorded.map((row) => [row.id, row.issue_id]))).toEqual(new Map(claims.map((claim) => [claim!.dispatchId, claim!.issueId])));
  });
});
