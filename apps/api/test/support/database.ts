import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm/logger';
import { inject } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database';
import { wrapPglite } from '../../src/db/drivers/pglite';

/** Counts the SQL statements the app sends, for round-trip assertions. */
export class QueryCounter implements Logger {
  statements: string[] = [];
  logQuery(query: string): void {
    this.statements.push(query);
  }
  get count() {
    return this.statements.length;
  }
  reset() {
    this.statements = [];
  }
}

/** A fresh database for one test file: a private copy of the migrated template. */
export async function createTestDatabase(logger?: Logger): Promise<DatabaseHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'loop-test-'));
  await cp(inject('pgliteTemplateDir'), dir, { recursive: true });
  const client = new PGlite(dir);
  await client.waitReady;
  const handle = wrapPglite(client, logger);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
