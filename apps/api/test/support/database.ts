import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm/logger';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database';
import { wrapPglite } from '../../src/db/drivers/pglite';
import { databaseUrl, dropDatabase, openServerDatabase, type TestDatabaseMode } from './global-setup';

/**
 * Counts the SQL statements the app sends, for round-trip assertions.
 *
 * BEGIN/COMMIT/ROLLBACK are kept apart in `transactionControl`: drizzle logs them on node-postgres and
 * on the Neon Pool but not on PGLite (whose driver opens the transaction itself), so leaving them out
 * of `statements` makes the same assertion hold in every test mode (docs/testing.md).
 */
export class QueryCounter implements Logger {
  statements: string[] = [];
  transactionControl: string[] = [];
  logQuery(query: string): void {
    if (/^\s*(begin|commit|rollback)\b/i.test(query)) this.transactionControl.push(query);
    else this.statements.push(query);
  }
  get count() {
    return this.statements.length;
  }
  reset() {
    this.statements = [];
    this.transactionControl = [];
  }
}

/** The mode this run uses (`LOOP_TEST_DB`, resolved once by the global setup). */
export function testDatabaseMode(): TestDatabaseMode {
  return inject('testDatabaseMode');
}

/**
 * A fresh database for one test file: a private copy of the migrated template, reached through the
 * driver of the run's mode. Closing it closes the driver and deletes the copy.
 */
export async function createTestDatabase(logger?: Logger): Promise<DatabaseHandle> {
  const mode = testDatabaseMode();
  return mode === 'pglite' ? createPgliteDatabase(logger) : (await createServerDatabase(logger)).handle;
}

async function createPgliteDatabase(logger?: Logger): Promise<DatabaseHandle> {
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

export interface ServerDatabase {
  handle: DatabaseHandle;
  /** The database's name and URL on the shared test cluster (for tests that reach past the app). */
  name: string;
  url: string;
  /** A superuser URL on the cluster, for tests that must act on the server itself. */
  adminUrl: string;
}

/**
 * Server modes: CREATE DATABASE … TEMPLATE (a file copy inside PostgreSQL, tens of milliseconds),
 * opened with the production driver (node-postgres, or Neon HTTP + WebSocket Pool through the local
 * Neon endpoints), dropped on close.
 */
export async function createServerDatabase(
  logger?: Logger,
  options: { neon?: { wsProxy: string; fetchEndpoint: string } } = {},
): Promise<ServerDatabase> {
  const mode = testDatabaseMode();
  if (mode === 'pglite') throw new Error('createServerDatabase needs LOOP_TEST_DB=postgres or neon');
  const server = inject('testServer');
  const { adminUrl, template } = server;
  // A test that watches the Neon traffic passes endpoints of its own (a private packages/neon-local).
  const neon = options.neon ?? server.neon;
  const name = `loop_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(adminUrl, name);
  const handle = await openServerDatabase(mode, url, logger, neon);
  let closed: Promise<void> | undefined;
  return {
    name,
    url,
    adminUrl,
    handle: {
      ...handle,
      close: () =>
        (closed ??= (async () => {
          try {
            await handle.close();
          } finally {
            await dropDatabase(adminUrl, name);
          }
        })()),
    },
  };
}
