// Bundles the CLI — its sources, the generated client and every dependency — into one file,
// apps/cli/dist/loop.js, so `loop` starts without compiling TypeScript and installs without any
// dependency (`npm pack`). bin/loop.js runs this when the bundle is missing or older than a source.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const entry = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
export const outfile = fileURLToPath(new URL('../dist/loop.js', import.meta.url));

export async function buildCli() {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    minify: true,
    legalComments: 'none',
    // commander and env-paths are CommonJS; inside an ES module bundle they need a `require`.
    banner: { js: "import { createRequire as __loopRequire } from 'node:module'; const require = __loopRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // stderr: `npm pack --json` runs this (prepack) and its stdout must stay JSON.
  console.error(`Built ${await buildCli()}`);
}
