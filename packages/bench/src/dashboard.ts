// `npm run bench:dashboard`: the web dashboard's weight and speed on this machine, measured once —
// a benchmark, not a test (nothing here fails on a number). It starts the real `npm start` on a fresh
// data folder (which builds the dashboard when stale), fills it with a realistic amount of data,
// then opens the overview in Debian's headless Chromium and reports:
//   - the JavaScript the overview needs before it can show its data, gzip-compressed (as served);
//   - the time from navigation to the overview's numbers on screen, on a cold and a warm cache.
// Results go to docs/benchmarks.md by hand.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const runs = Number(process.env.RUNS ?? 7);
const issueCount = Number(process.env.ISSUES ?? 500);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startLoop() {
  const dataDir = await mkdtemp(join(tmpdir(), 'loop-bench-dashboard-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, LOOP_DATA_DIR: dataDir, PORT: String(port) };
  for (const name of ['LOOP_API_KEY', 'DATABASE_URL', 'LOOP_DB_DRIVER', 'LOOP_DASHBOARD_DIR', 'LOOP_DASHBOARD_BUILD']) delete env[name];
  const child = spawn('npm', ['start'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on/.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  const key = /Created your first API key[^\n]*\n\s*\n\s+(loop_\S+)/.exec(output)?.[1];
  if (!key) throw new Error(`no first-run key in:\n${output}`);
  return {
    url: `http://localhost:${port}`,
    key,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const loop = await startLoop();
try {
  const post = (path: string, body: unknown) =>
    fetch(`${loop.url}/api/v1${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${loop.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const statuses = ['backlog', 'todo', 'in_progress', 'done', 'canceled'];
  for (let i = 0; i < issueCount; i += 1) {
    await post('/issues', { title: `Bench issue ${i}`, type: 'task', status: statuses[i % statuses.length], priority: i % 5 });
  }
  for (let i = 0; i < 20; i += 1) {
    await post('/signals', { source: 'sentry', type: 'error-spike', severity: 'high', title: `Bench signal ${i}`, payload: { i } });
  }
  await post('/goals', { title: 'Error rate below 0.5 %', direction: 'decrease', targetValue: 0.5, currentValue: 1 });

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const cold: number[] = [];
  const warm: number[] = [];
  let scripts = new Map<string, number>();
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Signed in already, as a returning person is: the key is in sessionStorage before the page runs.
    await context.addInitScript(`sessionStorage.setItem('loop.apiKey', ${JSON.stringify(loop.key)})`);
    const page = await context.newPage();
    const requested = new Set<string>();
    page.on('request', (request) => {
      if (request.resourceType() === 'script') requested.add(request.url());
    });
    for (const sample of [cold, warm]) {
      await page.goto(`${loop.url}/app/`);
      await page.getByTestId('stat-queue').waitFor();
      sample.push(await page.evaluate('performance.now()'));
    }
    if (run === 0) {
      scripts = new Map();
      for (const url of requested) {
        const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
        scripts.set(new URL(url).pathname, gzipSync(bytes).length);
      }
    }
    await context.close();
  }
  await browser.close();

  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const total = [...scripts.values()].reduce((sum, size) => sum + size, 0);
  console.log(`\nDashboard (${issueCount} issues, ${runs} runs, ${new Date().toISOString()})`);
  console.log(`JavaScript for the overview, gzip: ${kb(total)} in ${scripts.size} files`);
  for (const [path, size] of [...scripts].sort((a, b) => b[1] - a[1])) console.log(`  ${kb(size).padStart(9)}  ${path}`);
  console.log(`Time to the overview's numbers: cold cache median ${median(cold).toFixed(0)} ms (min ${Math.min(...cold).toFixed(0)}, max ${Math.max(...cold).toFixed(0)})`);
  console.log(`                                warm cache median ${median(warm).toFixed(0)} ms (min ${Math.min(...warm).toFixed(0)}, max ${Math.max(...warm).toFixed(0)})`);
} finally {
  await loop.stop();
}
