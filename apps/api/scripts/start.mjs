// `npm start`: runs the compiled server (dist/server.js, ADR 0034), rebuilt first when it is missing or
// older than one of its inputs — one `stat` per file — so `npm start` always serves the current code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const outfile = fileURLToPath(new URL('../dist/server.js', import.meta.url));
// The sources, and the JSON files the bundle inlines (the migrations' journal, the version).
const inputs = ['../src', '../drizzle/meta', '../package.json', 'build-server.mjs', 'bundle-packages.mjs'].map((path) => fileURLToPath(new URL(path, import.meta.url)));

function newestInput() {
  let newest = 0;
  for (const input of inputs) {
    newest = Math.max(newest, statSync(input).mtimeMs);
    if (!statSync(input).isDirectory()) continue;
    for (const name of readdirSync(input, { recursive: true })) newest = Math.max(newest, statSync(join(input, name)).mtimeMs);
  }
  return newest;
}

if (!existsSync(outfile) || statSync(outfile).mtimeMs < newestInput()) {
  const { buildServer } = await import('./build-server.mjs');
  await buildServer();
}
await import(pathToFileURL(outfile).href);
