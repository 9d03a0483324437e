import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstAnalyzeAfterRows, statisticsKeeper } from '../../src/db/fresh-statistics';
import { rawRows } from '../../src/db/raw-rows';
import { createTestApp, type TestApp } from '../support/app';
import { readyTasks } from '../support/fixtures/dispatch';
import { aSignalBody } from '../support/fixtures/signals';

/** What the planner knows of a table: its row count as last analyzed, and when the app analyzed it. */
const statisticsOf = (t: TestApp, table: string) =>
  rawRows<{ rows: number; analyzed: boolean }>(
    t.db,
    sql`select c.reltuples::int as rows, s.last_analyze is not null as analyzed
      from pg_class c join pg_stat_user_tables s on s.relid = c.oid where c.relname = ${table}`,
  ).then(([row]) => row!);

/**
 * A fresh deployment's first burst: autovacuum may not visit the new tables for a minute, so the app
 * analyzes them itself once it has added enough rows (ADR 0055). `last_analyze` is only ever set by
 * an ANALYZE someone ran, never by autovacuum's (`last_autoanalyze`).
 */
describe('statistics after a burst of signals on a real PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('are taken by the app once it has written the first threshold of issues, and count them', async () => {
    expect(await statisticsOf(t, 'issues')).toMatchObject({ analyzed: false });
    const responses = await Promise.all(
      Array.from({ length: firstAnalyzeAfterRows }, (_, index) => t.api.post('/api/v1/signals', aSignalBody({ deliveryId: `burst-${index}` }))),
    );
    expect(responses.every((response) => response.status === 201)).toBe(true);
    await statisticsKeeper(t.db)!.pending('issues');
    await statisticsKeeper(t.db)!.pending('signals');

    for (const table of ['issues', 'signals']) {
      const statistics = await statisticsOf(t, table);
      expect(statistics.analyzed).toBe(true);
      expect(statistics.rows).toBeGreaterThanOrEqual(firstAnalyzeAfterRows);
    }
  });

  it('are taken again once as many issues again are created, through POST /issues too', async () => {
    const responses = await Promise.all(
      Array.from({ length: firstAnalyzeAfterRows }, (_, index) => t.api.post('/api/v1/issues', { title: `Imported ${index}`, type: 'task' })),
    );
    expect(responses.every((response) => response.status === 201)).toBe(true);
    await statisticsKeeper(t.db)!.pending('issues');
    expect((await statisticsOf(t, 'issues')).rows).toBeGreaterThanOrEqual(2 * firstAnalyzeAfterRows);
  });

  it('of the claims are taken once agents have claimed the first threshold of issues', async () => {
    expect(await statisticsOf(t, 'dispatches')).toMatchObject({ analyzed: false });
    await readyTasks(t.db, firstAnalyzeAfterRows);
    const responses = await Promise.all(Array.from({ length: firstAnalyzeAfterRows }, () => t.api.post('/api/v1/dispatch/next')));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    await statisticsKeeper(t.db)!.pending('dispatches');
    expect(await statisticsOf(t, 'dispatches')).toMatchObject({ analyzed: true });
    expect((await statisticsOf(t, 'dispatches')).rows).toBeGreaterThanOrEqual(firstAnalyzeAfterRows);
  });
});
