#!/usr/bin/env node
// Fails when the Drizzle schema and the committed migrations disagree: runs `drizzle-kit generate`
// against a scratch copy of the migrations folder and checks that it finds nothing to generate.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const migrations = join(root, 'apps/api/drizzle');
const scratch = mkdtempSync(join(tmpdir(), 'loop-drift-'));

try {
  cpSync(migrations, join(scratch, 'drizzle'), { recursive: true });
  const config = join(scratch, 'drizzle.config.mjs');
  writeFileSync(
    config,
    `export default ${JSON.stringify({
      dialect: 'postgresql',
      schema: join(root, 'apps/api/src/db/schema/index.ts'),
      // drizzle-kit prefixes `./` to `out`, so it must be relative to the working directory.
      out: './drizzle',
    })};\n`,
  );
  const before = readdirSync(join(scratch, 'drizzle')).length;
  const output = execFileSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', config], {
    cwd: scratch,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const after = readdirSync(join(scratch, 'drizzle')).length;
  if (!output.includes('No schema changes') || after !== before) {
    console.error(output);
    console.error('Migration drift: the schema differs from the committed migrations. Run `npm run db:generate`.');
    process.exit(1);
  }
  console.log('No migration drift: the committed migrations match the schema.');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
