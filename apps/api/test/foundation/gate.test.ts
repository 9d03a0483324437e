import { describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/database';
import { Gate, gateFor } from '../../src/db/gate';
import { held, settle, takeEverySlot } from '../support/gate';

/** A batch run that answers each input with `answer` and keeps every batch it was given, in order. */
function recordingRun<I, O>(answer: (input: I) => O) {
  const batches: I[][] = [];
  const run = (inputs: I[]) => {
    batches.push(inputs);
    return Promise.resolve(inputs.map(answer));
  };
  return { batches, run };
}

describe('Gate', () => {
  it('runs at most its slots at once and starts the rest in arrival order', async () => {
    const gate = new Gate(2, 8);
    const works = [held(), held(), held(), held()];
    const started: number[] = [];
    const runs = works.map((work, index) =>
      gate.alone(async () => {
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

  it('runs the jobs of one key that waited together as one batch, in arrival order, up to its batch size', async () => {
    const gate = new Gate(1, 3);
    const slots = takeEverySlot(gate);
    const { batches, run } = recordingRun((input: string) => input.toUpperCase());
    const jobs = [
      gate.together('any', 'a', run),
      gate.together('project', 'p', run),
      gate.together('any', 'b', run),
      gate.together('any', 'c', run),
      gate.together('any', 'd', run),
    ];
    await settle();
    expect(batches).toEqual([]);
    expect(gate.pendingCount).toBe(5);

    await slots.release();
    // Each job gets its own answer, whichever batch it ran in.
    expect(await Promise.all(jobs)).toEqual(['A', 'P', 'B', 'C', 'D']);
    // The first waiting job leads its batch; a job of another key waits for a batch of its own.
    expect(batches).toEqual([['a', 'b', 'c'], ['p'], ['d']]);
  });

  it('never puts work that runs alone in a batch', async () => {
    const gate = new Gate(1, 8);
    const slots = takeEverySlot(gate);
    const { batches, run } = recordingRun((input: number) => input);
    const first = gate.together('any', 1, run);
    const alone = gate.alone(() => Promise.resolve('alone'));
    const second = gate.together('any', 2, run);
    await slots.release();
    expect(await Promise.all([first, alone, second])).toEqual([1, 'alone', 2]);
    // The job behind the lone one joined the first batch: a batch takes its key's jobs from the whole line.
    expect(batches).toEqual([[1, 2]]);
  });

  it('fails every job of a failed batch and gives the slot to the next caller', async () => {
    const gate = new Gate(1, 8);
    const slots = takeEverySlot(gate);
    const failing = (inputs: number[]): Promise<number[]> => Promise.reject(new Error(`lost connection (${inputs.length})`));
    const jobs = [gate.together('any', 1, failing), gate.together('any', 2, failing)];
    await slots.release();
    for (const job of jobs) await expect(job).rejects.toThrow('lost connection (2)');
    expect(await gate.alone(() => Promise.resolve('ran'))).toBe('ran');
  });
});


describe('gateFor', () => {
  it('keeps one gate per database handle and name, made with the sizes of its first call', () => {
    const [one, other] = [{}, {}] as unknown as [DB, DB];
    const claims = gateFor(one, 'claim', 1, 8);
    expect(gateFor(one, 'claim', 4, 4)).toBe(claims);
    expect(claims).toMatchObject({ slots: 1, batchSize: 8 });
    expect(gateFor(one, 'ingest', 1, 16)).not.toBe(claims);
    expect(gateFor(other, 'claim', 1, 8)).not.toBe(claims);
  });
});
