import type { Logger } from 'drizzle-orm/logger';
import type { Database } from '@loop/api/src/db/database';

/**
 * Counts the SQL statements the server sends (bench mode only): every statement Drizzle issues,
 * plus BEGIN and COMMIT for each transaction, which Drizzle's logger does not see.
 */
export class StatementCounter implements Logger {
  count = 0;
  /** The latest statements with their values, for replaying a request's own SQL through pgbench. */
  readonly recent: { query: string; params: unknown[] }[] = [];
  logQuery(query: string, params: unknown[]): void {
    // node-postgres logs its BEGIN/COMMIT, PGLite does not: count them once, in countTransactions.
    if (/^\s*(begin|commit|rollback)\b/i.test(query)) return;
    this.count++;
    this.recent.push({ query, params });
    if (this.recent.length > 20) this.recent.shift();
  }
  countTransactions(db: Database): void {
    const transaction = db.transaction.bind(db);
    db.transaction = (run, config) => {
      this.count += 2;
      return transaction(run, config);
    };
  }
}
