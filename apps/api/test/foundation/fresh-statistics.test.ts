import { describe, expect, it, vi } from 'vitest';
import type { DB } from '../../src/db/database';
import { firstAnalyzeAfterRows, StatisticsKeeper, statisticsKeeper } from '../../src/db/fresh-statistics';
import { held } from '../support/gate';

/** A keeper whose ANALYZE the test finishes, counting how many were started. */
function keeperWithHeldAnalyze() {
  const started: ReturnType<typeof held>[] = [];
  const keeper = new StatisticsKeeper(() => {
    const analyze = held();
    started.push(analyze);
    return analyze.done;
  });
  return { keeper, started };
}

describe('StatisticsKeeper', () => {
  it('analyzes once the rows written reach the first threshold, then at each doubling', async () => {
    const { keeper, started } = keeperWithHeldAnalyze();
    keeper.wrote(firstAnalyzeAfterRows - 1);
    expect(started).toHaveLength(0);

    keeper.wrote(1);
    expect(started).toHaveLength(1);
    started[0]!.finish();
    await keeper.pending;

    keeper.wrote(firstAnalyzeAfterRows - 1);
    expect(started).toHaveLength(1);
    keeper.wrote(1);
    expect(started).toHaveLength(2);
  });

  it('never runs two at once: rows written meanwhile wait for the next threshold', async () => {
    const { keeper, started } = keeperWithHeldAnalyze();
    keeper.wrote(firstAnalyzeAfterRows);
    keeper.wrote(firstAnalyzeAfterRows * 4);
    expect(started).toHaveLength(1);
    started[0]!.finish();
    await keeper.pending;
    expect(keeper.pending).toBeUndefined();
    // 5,000 written; the next threshold was set at 2,000 when the first started, so the next row starts one.
    keeper.wrote(1);
    expect(started).toHaveLength(2);
  });

  it('logs a failed ANALYZE and keeps going: the write that triggered it never sees the error', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      let calls = 0;
      const keeper = new StatisticsKeeper(() => (++calls === 1 ? Promise.reject(new Error('canceling statement')) : Promise.resolve()));
      expect(() => keeper.wrote(firstAnalyzeAfterRows)).not.toThrow();
      await keeper.pending;
      expect(logged).toHaveBeenCalledWith('ANALYZE after a bulk write failed: canceling statement');
      keeper.wrote(firstAnalyzeAfterRows);
      await keeper.pending;
      expect(calls).toBe(2);
    } finally {
      logged.mockRestore();
    }
  });
});

describe('statisticsKeeper', () => {
  it('keeps one keeper per database handle, and none for a transaction', () => {
    const [db, other] = [{}, {}] as unknown as [DB, DB];
    expect(statisticsKeeper(db)).toBe(statisticsKeeper(db));
    expect(statisticsKeeper(other)).not.toBe(statisticsKeeper(db));
    expect(statisticsKeeper({ rollback: () => {} } as unknown as DB)).toBeUndefined();
  });
});
