import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database';
import { rawRows } from '../../src/db/raw-rows';
import { createTestDatabase } from '../support/database';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

describe('migrations', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  it('create every table of the data model', async () => {
    const rows = await rawRows<{ table_name: string }>(
      handle.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(rows.map((row) => row.table_name)).toEqual([
      'api_keys',
      'comments',
      'dispatches',
      'goals',
      'issue_counts',
      'issue_labels',
      'issue_relations',
      'issues',
      'labels',
      'projects',
      'prompt_reviews',
      'prompt_templates',
      'prompt_versions',
      'row_counts',
      'signals',
    ]);
  });

  it('vacuum the claim path\'s tables after a count of dead rows, whatever their size (ADR 0049)', async () => {
    const rows = await rawRows<{ relname: string; reloptions: string[] | null }>(
      handle.db,
      sql`select relname, reloptions from pg_class where relname in ('issues', 'dispatches') and relkind = 'r' order by relname`,
    );
    const byCount = ['autovacuum_vacuum_scale_factor=0', 'autovacuum_vacuum_threshold=2000'];
    expect(rows).toEqual([
      { relname: 'dispatches', reloptions: byCount },
      { relname: 'issues', reloptions: byCount },
    ]);
  });

  it('are a no-op when applied again to an up-to-date database', async () => {
    await expect(handle.migrate()).resolves.toBeUndefined();
  });

  it('match the schema: drizzle-kit finds nothing to generate', async () => {
    const { stdout } = await run('node', ['scripts/check-migration-drift.mjs'], { cwd: repoRoot });
    expect(stdout).toContain('No migration drift');
  });
});
