#!/usr/bin/env node
// The `loop` command: the bundle in dist/ (scripts/build.mjs). In the repository the bundle is
// (re)built first when it is missing or older than a source, so `npm run loop` and `npx loop`
// always run the current code; an installed package ships the bundle and no sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/loop.js', import.meta.url);
const builder = new URL('../scripts/build.mjs', import.meta.url);

function newestSource() {
  let newest = 0;
  for (const dir of ['../src', '../../../packages/client/src']) {
    const root = fileURLToPath(new URL(dir, import.meta.url));
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root, { recursive: true })) newest = Math.max(newest, statSync(`${root}/${name}`).mtimeMs);
  }
  return newest;
}

if (existsSync(builder)) {
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  if (built < newestSource()) await (await import(builder.href)).buildCli();
}
// Node ≥ 22.1 keeps the bundle's compiled code between runs (ADR 0035); Node 20 has no such cache.
module.enableCompileCache?.();
await import(bundle.href);
