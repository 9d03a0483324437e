import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../../src/db/drivers/pglite';
import { prepareDatabase } from '../../src/db/prepare';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplateDir: string;
  }
}

/**
 * Builds one migrated PGLite database per run; every test file then starts from a copy of its folder,
 * which is about four times faster than initialising a fresh instance per file.
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'loop-template-'));
  const handle = await openPglite(dir);
  await prepareDatabase(handle);
  await handle.close();
  project.provide('pgliteTemplateDir', dir);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
