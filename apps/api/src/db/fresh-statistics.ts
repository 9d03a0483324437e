import { sql } from 'drizzle-orm';
import { logError } from '../log';
import type { DB } from './database';

/** How many new rows a process writes before its first ANALYZE; each later one waits for twice as many. */
export const firstAnalyzeAfterRows = 1000;

/**
 * Our connections keep one generic plan per prepared statement until the statistics of a table it
 * reads change. On a fresh deployment the first plans are made while the tables are nearly empty,
 * where reading a whole table looks cheaper than a few index probes, and they keep running after a
 * bulk load (a burst of webhooks, an import) until autovacuum first analyzes the tables — up to its
 * one-minute nap later: the claims after such a burst ran at ~55 % of an analyzed database's rate
 * (ADR 0055). So a process counts the rows it adds to the issues (ingestion, creation) and, at
 * 1,000, then at each doubling, analyzes the tables they grow in the background. ANALYZE also
 * makes every connection plan its statements again, now for the tables' real size. Doubling keeps
 * it to a handful per process however long it runs; past that, autovacuum's own thresholds serve.
 */
export class StatisticsKeeper {
  private written = 0;
  private next = firstAnalyzeAfterRows;
  private running: Promise<void> | undefined;

  constructor(private readonly analyze: () => Promise<void>) {}

  /** Notes `rows` new rows; starts an ANALYZE (not awaited) when they reach the next threshold. */
  wrote(rows: number): void {
    this.written += rows;
    if (this.written < this.next || this.running) return;
    this.next = this.written * 2;
    this.running = this.analyze()
      .catch((error: unknown) => logError(`ANALYZE after a bulk write failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }

  /** The ANALYZE in progress, if any (for tests and shutdown). */
  get pending(): Promise<void> | undefined {
    return this.running;
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
    keeper = new StatisticsKeeper(async () => {
      await db.execute(sql`analyze (skip_locked) issues, signals`);
    });
    keepers.set(db, keeper);
  }
  return keeper;
}
