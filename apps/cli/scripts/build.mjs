// Bundles the CLI — its sources, the generated client and every dependency — into apps/cli/dist/:
// loop.js, the entry, plus the chunks that only some commands import (the MCP bridge with its SDK),
// so `loop` starts without compiling TypeScript, installs without any dependency (`npm pack`) and
// loads only what the command in hand needs (ADR 0027, ADR 0035). bin/loop.js runs this when the
// bundle is missing or older than a source.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const entry = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
export const outdir = fileURLToPath(new URL('../dist', import.meta.url));
export const outfile = fileURLToPath(new URL('../dist/loop.js', import.meta.url));

export async function buildCli() {
  const { outputFiles } = await build({
    entryPoints: { loop: entry },
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    minify: true,
    legalComments: 'none',
    // commander and env-paths are CommonJS; inside an ES module bundle they need a `require`.
    banner: { js: "import { createRequire as __loopRequire } from 'node:module'; const require = __loopRequire(import.meta.url);" },
    logLevel: 'warning',
    write: false,
  });
  // Each file written aside and renamed: a `loop` running meanwhile (tests, `npm pack`'s prepack)
  // never imports a half-written one. Chunk names carry a hash, so the ones no longer built go.
  mkdirSync(outdir, { recursive: true });
  for (const file of outputFiles) {
    writeFileSync(`${file.path}.${process.pid}.tmp`, file.contents);
    renameSync(`${file.path}.${process.pid}.tmp`, file.path);
  }
  const built = new Set(outputFiles.map((file) => file.path));
  for (const name of readdirSync(outdir)) {
    if (name.endsWith('.js') && !built.has(join(outdir, name))) rmSync(join(outdir, name), { force: true });
  }
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // stderr: `npm pack --json` runs this (prepack) and its stdout must stay JSON.
  console.error(`Built ${await buildCli()}`);
}
