import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatches } from '../../src/db/schema';
import { claimGate, claimsInFlight, createGate } from '../../src/domain/dispatch/claim-gate';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { fixtureNow, readyTasks } from '../support/fixtures/dispatch';

/** A piece of work that runs until the test lets it finish. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish };
}

/** Lets every pending callback run: resolved promises, then one turn of timers. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createGate', () => {
  it('runs at most its limit at once and starts the rest in arrival order', async () => {
    const gate = createGate(2);
    const works = [held(), held(), held(), held()];
    const started: number[] = [];
    const runs = works.map((work, index) =>
      gate(async () => {
        started.push(index);
        await work.done;
        return index;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);

    works[1]!.finish();
    await settle();
    expect(started).toEqual([0, 1, 2]);

    works[0]!.finish();
    works[2]!.finish();
    works[3]!.finish();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('gives the slot of a failed run to the next caller, and the failure to its own', async () => {
    const gate = createGate(1);
    const failing = gate(() => Promise.reject(new Error('lost connection')));
    const next = gate(() => Promise.resolve('ran'));
    await expect(failing).rejects.toThrow('lost connection');
    expect(await next).toBe('ran');
    // Both runs are over: a third caller starts at once.
    const third = held();
    let thirdStarted = false;
    const run = gate(async () => {
      thirdStarted = true;
      await third.done;
    });
    await settle();
    expect(thirdStarted).toBe(true);
    third.finish();
    await run;
  });
});

describe('POST /dispatch/next through the claim gate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: new TestClock(fixtureNow) });
  });
  afterAll(() => t.close());

  it('waits while every claim slot of the process is taken, then claims', async () => {
    const [ready] = await readyTasks(t.db, 1);
    const slots = Array.from({ length: claimsInFlight }, () => held());
    const taken = slots.map((slot) => claimGate(t.db)(() => slot.done));

    const claim = t.api.post('/api/v1/dispatch/next');
    await vi.waitFor(() => expect(claimGate(t.db).pendingCount).toBe(1));
    // Other requests are not gated: one runs to its end while the claim waits, and nothing is claimed.
    expect((await t.api.get('/api/v1/issues')).status).toBe(200);
    expect(claimGate(t.db).pendingCount).toBe(1);
    expect(await t.db.select().from(dispatches)).toEqual([]);

    slots[0]!.finish();
    const response = await claim;
    expect(response.status).toBe(200);
    expect(response.body.data.issue.id).toBe(ready!.id);

    for (const slot of slots) slot.finish();
    await Promise.all(taken);
  });
});
