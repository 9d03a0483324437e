import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Env } from './env';
import { dashboardPath } from './routes/app/policy';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** What the dashboard's build is made from: its own sources, the typed client it bundles, the pinned packages. */
export const dashboardInputs = [
  'apps/web/index.html',
  'apps/web/package.json',
  'apps/web/vite.config.ts',
  'apps/web/tsconfig.json',
  'apps/web/src',
  'apps/web/public',
  'packages/client/package.json',
  'packages/client/src',
  'package-lock.json',
];

/** Written into the build after it succeeds; a dotfile, so /app/ never serves it. */
export const stampName = '.loop-build-stamp';

async function filesUnder(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  const entries = await readdir(path, { withFileTypes: true, recursive: true }).catch(() => undefined);
  if (!entries) return [path];
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * A digest of every input file's path and bytes. Content, not mtimes: a fresh clone or a branch
 * switch touches every mtime without changing what the build would be.
 */
export async function sourceHash(root: string, inputs: readonly string[]): Promise<string> {
  const files = (await Promise.all(inputs.map((input) => filesUnder(join(root, input))))).flat().sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(root, file)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

export interface DashboardBuild {
  root: string;
  distDir: string;
  inputs: readonly string[];
  /** Runs the build; rejects with the build's output when it fails. */
  build: () => Promise<void>;
}

export type BuildOutcome = { state: 'fresh' } | { state: 'built'; ms: number } | { state: 'failed'; error: string };

/** Builds the dashboard when its build is missing or was made from other sources than the current ones. */
export async function ensureDashboardBuild({ root, distDir, inputs, build }: DashboardBuild): Promise<BuildOutcome> {
  const hash = await sourceHash(root, inputs);
  const stamp = await readFile(join(distDir, stampName), 'utf8').catch(() => undefined);
  if (stamp?.trim() === hash && existsSync(join(distDir, 'index.html'))) return { state: 'fresh' };
  const started = performance.now();
  try {
    await build();
  } catch (error) {
    return { state: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
  await writeFile(join(distDir, stampName), `${hash}\n`);
  return { state: 'built', ms: performance.now() - started };
}

/** `npm run build -w @loop/web` (into apps/web/dist unless told otherwise), quiet unless it fails. */
export function viteBuild(outDir?: string): Promise<void> {
  const args = ['run', 'build', '-w', '@loop/web', ...(outDir ? ['--', '--outDir', outDir, '--emptyOutDir'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(output.trim().split('\n').slice(-20).join('\n')))));
  });
}

export function dashboardUrl(env: Pick<Env, 'PORT'>): string {
  return `http://localhost:${env.PORT}${dashboardPath}`;
}

/**
 * For `npm start`: the folder to serve at /app/. `LOOP_DASHBOARD_DIR` names a ready build and is used
 * as it is; otherwise apps/web/dist is built first when missing or stale. A failed build never stops
 * the API: it says so, and /app/ serves the previous build or its "not built" page.
 */
export async function prepareDashboard(env: Env): Promise<string | undefined> {
  if (env.LOOP_DASHBOARD_DIR) return env.LOOP_DASHBOARD_DIR;
  const distDir = join(repoRoot, 'apps', 'web', 'dist');
  if (env.LOOP_DASHBOARD_BUILD === 'off' || !existsSync(join(repoRoot, 'apps', 'web', 'package.json'))) return distDir;
  const outcome = await ensureDashboardBuild({ root: repoRoot, distDir, inputs: dashboardInputs, build: () => viteBuild() });
  if (outcome.state === 'failed') {
    console.error(`Dashboard: the build failed; /app/ serves the last good build, if any.\n${outcome.error}`);
  } else {
    const how = outcome.state === 'built' ? `built in ${(outcome.ms / 1000).toFixed(1)} s` : 'build up to date';
    console.log(`Dashboard: ${dashboardUrl(env)} (${how})`);
  }
  return distDir;
}
