import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Logger } from 'drizzle-orm/logger';
import type { TestProject } from 'vitest/node';
import type { DatabaseHandle } from '../../src/db/database';
import { openPglite } from '../../src/db/drivers/pglite';
import { prepareDatabase } from '../../src/db/prepare';

/** Where the API suite runs (`LOOP_TEST_DB`): embedded PGLite, or a real PostgreSQL through one of the production drivers. */
export type TestDatabaseMode = 'pglite' | 'postgres' | 'neon';

export interface ServerTestDatabase {
  /** A superuser URL on the cluster's maintenance database, for CREATE/DROP DATABASE. */
  adminUrl: string;
  /** The migrated database each test file copies. */
  template: string;
  /** Neon mode: the local Neon endpoints (packages/neon-local) the drivers are pointed at. */
  neon?: { wsProxy: string; fetchEndpoint: string };
}

export function testDatabaseMode(value: string | undefined): TestDatabaseMode {
  const mode = value?.trim() || 'pglite';
  if (mode === 'pglite' || mode === 'postgres' || mode === 'neon') return mode;
  throw new Error(`LOOP_TEST_DB must be pglite, postgres or neon (got "${mode}")`);
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseMode: TestDatabaseMode;
    pgliteTemplateDir: string;
    /** Server modes only: where each test file copies its database from. */
    testServer: ServerTestDatabase;
  }
}

/**
 * Prepares the one migrated database every test file starts from, in the mode `LOOP_TEST_DB` selects
 * (docs/testing.md): a PGLite folder to copy (default), or a template database on a real PostgreSQL
 * that each file clones with CREATE DATABASE … TEMPLATE, reached through node-postgres or the Neon drivers.
 */
export default async function setup(project: TestProject) {
  const mode = testDatabaseMode(project.config.env?.LOOP_TEST_DB ?? process.env.LOOP_TEST_DB);
  project.provide('testDatabaseMode', mode);
  return mode === 'pglite' ? setupPglite(project) : setupServer(project, mode);
}

/** One migrated PGLite folder per run; copying it is about four times faster than a fresh instance. */
async function setupPglite(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'loop-template-'));
  const handle = await openPglite(dir);
  await prepareDatabase(handle);
  await handle.close();
  project.provide('pgliteTemplateDir', dir);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}

async function setupServer(project: TestProject, mode: 'postgres' | 'neon') {
  const teardown: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const step of teardown.reverse()) await step().catch((error: unknown) => console.error(error));
  };

  try {
    // `npm run test:pg` starts one cluster for the whole run (scripts/pg-cluster.mjs); a bare
    // `LOOP_TEST_DB=postgres npx vitest run …` starts its own.
    let adminUrl = process.env.LOOP_TEST_PG_URL;
    if (!adminUrl) {
      const { startCluster } = await import('../../../../scripts/pg-cluster.mjs');
      const cluster = await startCluster();
      teardown.push(() => cluster.stop());
      adminUrl = cluster.url;
    }
    const server = new URL(adminUrl);

    let neon: ServerTestDatabase['neon'];
    if (mode === 'neon') {
      const { startNeonLocal } = await import('@loop/neon-local');
      const local = await startNeonLocal({ targets: [`${server.hostname}:${server.port || 5432}`] });
      teardown.push(() => local.close());
      neon = { wsProxy: local.wsProxy, fetchEndpoint: local.fetchEndpoint };
    }

    // One template per mode and project, so the postgres and neon runs can share a cluster.
    const template = `loop_template_${mode}_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${template}`);
      teardown.push(() => dropDatabase(adminUrl, template));
      const url = databaseUrl(adminUrl, template);
      const handle = await openServerDatabase(mode, url, undefined, neon);
      try {
        await prepareDatabase(handle);
      } finally {
        await handle.close();
      }
      // Nobody may stay connected to a template (CREATE DATABASE … TEMPLATE refuses), and nobody needs to:
      // the local Neon endpoint's pooled connections go, and new ones are refused from now on.
      await admin.query(`ALTER DATABASE ${template} WITH ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [template]);
    } finally {
      await admin.end();
    }

    project.provide('testServer', { adminUrl, template, ...(neon ? { neon } : {}) });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return cleanUp;
}

/**
 * Opens `url` with the production driver of `mode`. In Neon mode, `neon` names the local endpoints: the
 * variables `openNeon` reads are set for the call only, because this process's environment is inherited
 * by every test worker (of both server modes) and must not point them anywhere.
 */
export async function openServerDatabase(
  mode: 'postgres' | 'neon',
  url: string,
  logger?: Logger,
  neon?: ServerTestDatabase['neon'],
): Promise<DatabaseHandle> {
  if (mode === 'neon') {
    const { openNeon } = await import('../../src/db/drivers/neon');
    if (!neon) return openNeon(url, logger);
    const saved = { proxy: process.env.LOOP_NEON_WS_PROXY, fetch: process.env.LOOP_NEON_FETCH_ENDPOINT };
    process.env.LOOP_NEON_WS_PROXY = neon.wsProxy;
    process.env.LOOP_NEON_FETCH_ENDPOINT = neon.fetchEndpoint;
    try {
      return openNeon(url, logger);
    } finally {
      restore('LOOP_NEON_WS_PROXY', saved.proxy);
      restore('LOOP_NEON_FETCH_ENDPOINT', saved.fetch);
    }
  }
  const { openPostgres } = await import('../../src/db/drivers/postgres');
  return openPostgres(url, logger);
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
