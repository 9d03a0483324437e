import { randomBytes } from 'node:crypto';
import { neonConfig } from '@neondatabase/serverless';
import pg from 'pg';
import ws from 'ws';
import { type NeonLocal, startNeonLocal } from '../src/index';

export interface Scratch {
  /** A fresh database of this test file's own on the test cluster. */
  url: string;
  name: string;
  /** The cluster's superuser URL (maintenance database). */
  adminUrl: string;
  local: NeonLocal;
  /** node-postgres on the same database: the reference the Neon paths are compared with. */
  pgPool: pg.Pool;
  close(): Promise<void>;
}

/** The cluster `npm run test:pg` started (vitest.config.ts selects these tests only when it is set). */
export function clusterUrl(): string {
  const url = process.env.LOOP_TEST_PG_URL;
  if (!url) throw new Error('LOOP_TEST_PG_URL is not set: run these tests through `npm run test:pg`');
  return url;
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Points the Neon driver at the local endpoints, with the settings docs/testing.md lists. */
export function configureNeon(local: NeonLocal): void {
  neonConfig.webSocketConstructor = ws;
  neonConfig.wsProxy = local.wsProxy;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineConnect = false;
  neonConfig.fetchEndpoint = local.fetchEndpoint;
}

/** A private database plus a local Neon in front of the cluster, for one test file. */
export async function openScratch(): Promise<Scratch> {
  const adminUrl = clusterUrl();
  const server = new URL(adminUrl);
  const name = `neon_local_${randomBytes(5).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE ${name}`);
  const local = await startNeonLocal({ targets: [`${server.hostname}:${server.port}`] });
  configureNeon(local);
  const url = withDatabase(adminUrl, name);
  const pgPool = new pg.Pool({ connectionString: url, max: 4 });
  pgPool.on('error', () => {});
  return {
    url,
    name,
    adminUrl,
    local,
    pgPool,
    async close() {
      await pgPool.end();
      await local.close();
      await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export async function admin(adminUrl: string, statement: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(statement, params);
  } finally {
    await client.end();
  }
}
