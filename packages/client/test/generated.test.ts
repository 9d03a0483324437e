import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
// Resolved from this package: npm may keep the generator in packages/client/node_modules.
const generator = join(dirname(createRequire(import.meta.url).resolve('openapi-typescript/package.json')), 'bin/cli.js');

describe('the generated client types', () => {
  it('are up to date with the committed OpenAPI document (run `npm run generate` when this fails)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop-client-'));
    try {
      const fresh = join(dir, 'schema.generated.ts');
      await run(process.execPath, [generator, 'apps/api/openapi.json', '--output', fresh], { cwd: root });
      const committed = readFileSync(join(root, 'packages/client/src/schema.generated.ts'), 'utf8');
      expect(committed === readFileSync(fresh, 'utf8'), 'packages/client/src/schema.generated.ts is stale').toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
