import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRows } from '../../src/db/raw-rows';
import { issues } from '../../src/db/schema';
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
});
