import { sql } from 'drizzle-orm';
import { logError } from '../log';
import type { DB } from './database';

/** How many rows a process adds to a table before its first ANALYZE of it; each later one waits for twice as many. */
export const firstAnalyzeAfterRows = 1000;

/** The tables a burst of requests grows: ingestion and creation add issues (and signals), claims add dispatches. */
export const hotTables = ['issues', 'signals', 'dispatches'] as const;
export type HotTable = (typeof hotTables)[number];

interface TableCount {
  written: number;
  next: number;
  running: Promise<void> | undefined;
}

/**
 * Our connections keep one generic plan per prepared statement until the statistics of a table it
 * reads change. On a fresh deployment the first plans are made while the tables are nearly empty,
 * where reading a whole table looks cheaper than a few index probes, and they keep running after a
 * bulk load (a burst of webhooks, an import, agents claiming) until autovacuum first analyzes the
 * tables — up to its one-minute nap later: claims after such a burst ran at ~55 % of an analyzed
 * database's rate (ADR 0055). So a process counts the rows it adds to each hot table and, at 1,000,
 * then at each doubling, analyzes that table in the background. ANALYZE also makes every connection
 * plan its statements again, now for the table's real size. Doubling keeps it to a handful per table
 * and process however long it runs; past that, autovacuum's own thresholds serve.
 */
export class StatisticsKeeper {
  private readonly counts = new Map<HotTable, TableCount>();

  constructor(private readonly analyze: (table: HotTable) => Promise<void>) {}

  /** Notes `rows` new rows in `table`; starts its ANALYZE (not awaited) when they reach the next threshold. */
  wrote(table: HotTable, rows: number): void {
    let count = this.counts.get(table);
    if (!count) {
      count = { written: 0, next: firstAnalyzeAfterRows, running: undefined };
      this.counts.set(table, count);
    }
    count.written += rows;
    if (count.written < count.next || count.running) return;
    count.next = count.written * 2;
    const running = this.analyze(table)
      .catch((error: unknown) =>
        logError(`ANALYZE ${table} after a bulk write failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => (count.running = undefined));
    count.running = running;
  }

  /** The ANALYZE of `table` in progress, if any (for tests). */
  pending(table: HotTable): Promise<void> | undefined {
    return this.counts.get(table)?.running;
  }
}

const keepers = new WeakMap<DB, StatisticsKeeper>();

/** A transaction is short-lived and its statements its caller's: only a database handle analyzes. */
const isTransaction = (db: DB) => 'rollback' in db;

/**
 * The keeper of `db`, one per database handle (each app, each test's database). `SKIP_LOCKED` leaves
 * a table autovacuum is analyzing at that moment to it.
 */
export function statisticsKeeper(db: DB): StatisticsKeeper | undefined {
  if (isTransaction(db)) return undefined;
  let keeper = keepers.get(db);
  if (!keeper) {
    keeper = new StatisticsKeeper(async (table) => {
      await db.execute(sql`analyze (skip_locked) ${sql.identifier(table)}`);
    });
    keepers.set(db, keeper);
  }
  return keeper;
}
