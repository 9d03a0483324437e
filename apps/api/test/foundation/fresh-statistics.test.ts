import { describe, expect, it, vi } from 'vitest';
import type { DB } from '../../src/db/database';
import { firstAnalyzeAfterRows, type HotTable, StatisticsKeeper, statisticsKeeper } from '../../src/db/fresh-statistics';
import { held } from '../support/gate';

/** A keeper whose ANALYZEs the test finishes, keeping the table each was started for. */
function keeperWithHeldAnalyze() {
  const started: { table: HotTable; finish: () => void }[] = [];
  const keeper = new StatisticsKeeper((table) => {
    const analyze = held();
    started.push({ table, finish: analyze.finish });
    return analyze.done;
  });
  return { keeper, started };
}

describe('StatisticsKeeper', () => {
  it('analyzes a table once the rows written to it reach the first threshold, then at each doubling', async () => {
    const { keeper, started } = keeperWithHeldAnalyze();
    keeper.wrote('dispatches', firstAnalyzeAfterRows - 1);
    expect(started).toEqual([]);

    keeper.wrote('dispatches', 1);
    expect(started.map(({ table }) => table)).toEqual(['dispatches']);
    started[0]!.finish();
    await keeper.pending('dispatches');

    keeper.wrote('dispatches', firstAnalyzeAfterRows - 1);
    expect(started).toHaveLength(1);
    keeper.wrote('dispatches', 1);
    expect(started.map(({ table }) => table)).toEqual(['dispatches', 'dispatches']);
  });

  it('counts each table on its own', () => {
    const { keeper, started } = keeperWithHeldAnalyze();
    keeper.wrote('issues', firstAnalyzeAfterRows - 1);
    keeper.wrote('dispatches', firstAnalyzeAfterRows - 1);
    expect(started).toEqual([]);
    keeper.wrote('issues', 1);
    keeper.wrote('signals', firstAnalyzeAfterRows);
    expect(started.map(({ table }) => table)).toEqual(['issues', 'signals']);
  });

  it('never runs two at once on a table: rows written meanwhile wait for the next threshold', async () => {
    const { keeper, started } = keeperWithHeldAnalyze();
    keeper.wrote('issues', firstAnalyzeAfterRows);
    keeper.wrote('issues', firstAnalyzeAfterRows * 4);
    expect(started).toHaveLength(1);
    started[0]!.finish();
    await keeper.pending('issues');
    expect(keeper.pending('issues')).toBeUndefined();
    // 5,000 written; the next threshold was set at 2,000 when the first started, so the next row starts one.
    keeper.wrote('issues', 1);
    expect(started).toHaveLength(2);
  });

  it('logs a failed ANALYZE and keeps going: the write that triggered it never sees the error', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      let calls = 0;
      const keeper = new StatisticsKeeper(() => (++calls === 1 ? Promise.reject(new Error('canceling statement')) : Promise.resolve()));
      expect(() => keeper.wrote('issues', firstAnalyzeAfterRows)).not.toThrow();
      await keeper.pending('issues');
      expect(logged).toHaveBeenCalledWith('ANALYZE issues after a bulk write failed: canceling statement');
      keeper.wrote('issues', firstAnalyzeAfterRows);
      await keeper.pending('issues');
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
