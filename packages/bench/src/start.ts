// `npm run bench:start -w @loop/bench [-- --runs 5 --skip-node --skip-vercel]`: how fast a Loop server answers its
// first request after a cold start. A benchmark, not a test: it prints numbers and fails on none.
//   1. The node server on an existing PGLite data folder, as `npm start` ran it before ADR 0034
//      (tsx compiling src/server.ts) and as it runs now (scripts/start.mjs → dist/server.js): time from
//      spawning the process to the first answered GET /api/v1/issues, and the process's RSS then.
//      The two are alternated run by run, so a loaded machine weighs on both alike.
//   2. The Vercel function (scripts/vercel-function.ts's bundle) in fresh processes against the local
//      Neon endpoints (packages/neon-local) in front of a throwaway PostgreSQL: import, then the first
//      answered GET /api/v1/issues through the app's fetch (which loads the driver, ADR 0038). Prints
//      the bundle's size too: the entry, and with the chunks loaded on first use; and the process's CPU
//      time at the answer, steadier than wall time on a shared machine.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPostgres } from '@loop/api/src/db/drivers/postgres';
import { bundleFunction, functionFiles } from '@loop/api/scripts/vercel-function';
import { startNeonLocal } from '../../neon-local/src/index';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, 'skip-node': { type: 'boolean', default: false }, 'skip-vercel': { type: 'boolean', default: false } },
});
const runs = Number(args.runs);
const apiDir = fileURLToPath(new URL('../../../apps/api/', import.meta.url));
const key = 'loop_bench-start-key-000000000000';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const summary = (values: number[], unit: string) =>
  `median ${median(values).toFixed(0)} ${unit} (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Spawns the server, asks GET /api/v1/issues until it answers, and stops it; ms from spawn, RSS then. */
async function firstAnswer(command: string[], dataDir: string): Promise<{ ms: number; rss: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, command, {
    cwd: apiDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), LOOP_DATA_DIR: dataDir, LOOP_API_KEY: key, LOOP_DASHBOARD_BUILD: 'off' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited ${child.exitCode}`);
      const answer = await fetch(`http://127.0.0.1:${port}/api/v1/issues`, { headers: { Authorization: `Bearer ${key}` } }).catch(() => undefined);
      if (answer) {
        await answer.arrayBuffer();
        if (answer.status !== 200) throw new Error(`GET /api/v1/issues answered ${answer.status}`);
        return { ms: performance.now() - started, rss: await rssMb(child.pid!) };
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await exited(child);
  }
}

async function nodeServer() {
  const dir = await mkdtemp(join(tmpdir(), 'loop-bench-start-'));
  const dataDir = join(dir, 'data');
  const variants = [
    { name: 'tsx src/server.ts (before)', command: ['--import', 'tsx', 'src/server.ts'], ms: [] as number[], rss: [] as number[] },
    { name: 'scripts/start.mjs (npm start)', command: ['scripts/start.mjs'], ms: [] as number[], rss: [] as number[] },
  ];
  try {
    // The folder exists and is migrated before any measured run (and the bundle is fresh).
    await firstAnswer(variants[1]!.command, dataDir);
    for (let run = 0; run < runs; run++) {
      for (const variant of run % 2 ? [...variants].reverse() : variants) {
        const { ms, rss } = await firstAnswer(variant.command, dataDir);
        variant.ms.push(ms);
        variant.rss.push(rss);
      }
    }
    console.log(`Node server on an existing PGLite folder, spawn → first answered GET /api/v1/issues (${runs} runs each, alternated):`);
    for (const variant of variants) console.log(`  ${variant.name.padEnd(30)} ${summary(variant.ms, 'ms')} · RSS ${summary(variant.rss, 'MB')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs in a fresh process: the import, then the first request, each timed from the process's start. */
const coldStartScript = `
const started = performance.now();
const entry = await import(process.env.BENCH_BUNDLE);
const imported = performance.now();
const request = new Request('http://loop.test/api/v1/issues', { headers: { authorization: 'Bearer ${key}' } });
const requested = performance.now();
const answer = await entry.default.fetch(request);
await answer.arrayBuffer();
const answered = performance.now();
const { user, system } = process.cpuUsage();
await entry.database.close();
process.stdout.write(JSON.stringify({ status: answer.status, boot: started, imported, requested, answered, cpu: (user + system) / 1000 }));
`;

async function vercelFunction() {
  const { startCluster } = (await import('../../../scripts/pg-cluster.mjs')) as {
    startCluster: () => Promise<{ url: string; urlFor: (db: string) => string; host: string; port: number; stop: () => Promise<void> }>;
  };
  const cluster = await startCluster();
  // Inside the app, so the bundle resolves its packages from node_modules as it does on Vercel.
  await mkdir(join(apiDir, 'node_modules', '.cache'), { recursive: true });
  const workDir = await mkdtemp(join(apiDir, 'node_modules', '.cache', 'bench-start-'));
  const neon = await startNeonLocal({ targets: [`${cluster.host}:${cluster.port}`] });
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('create database loop_bench');
    await admin.end();
    const url = cluster.urlFor('loop_bench');
    const handle = openPostgres(url);
    await handle.migrate();
    await handle.close();

    const bundle = await bundleFunction(join(workDir, 'index.mjs'));
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: url,
      LOOP_DB_DRIVER: 'neon',
      LOOP_NEON_WS_PROXY: neon.wsProxy,
      LOOP_NEON_FETCH_ENDPOINT: neon.fetchEndpoint,
      LOOP_API_KEY: key,
      BENCH_BUNDLE: pathToFileURL(bundle).href,
    };
    const samples: { status: number; boot: number; imported: number; requested: number; answered: number; cpu: number }[] = [];
    for (let run = 0; run <= runs; run++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', coldStartScript], { cwd: workDir, env, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      await exited(child);
      const sample = JSON.parse(out) as (typeof samples)[number];
      if (sample.status !== 200) throw new Error(`GET /api/v1/issues answered ${sample.status}`);
      // The first run warms the disk cache and the local endpoints; it is not counted.
      if (run > 0) samples.push(sample);
    }
    const files = functionFiles(bundle);
    const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));
    const total = sizes.reduce((sum, size) => sum + size, 0);
    console.log(
      `Vercel function bundle: entry ${((await stat(bundle)).size / 1024).toFixed(0)} KB, with its ${files.length - 1} chunks ` +
        `${(total / 1024).toFixed(0)} KB (packages external but those inlined, ADR 0038)`,
    );
    console.log(`  cold start, fresh processes against the local Neon endpoints (${runs} runs):`);
    console.log(`    import of the bundle              ${summary(samples.map((s) => s.imported - s.boot), 'ms')}`);
    console.log(`    first GET /api/v1/issues          ${summary(samples.map((s) => s.answered - s.imported), 'ms')}`);
    console.log(`      of which the first Request      ${summary(samples.map((s) => s.requested - s.imported), 'ms')} (node loads undici, as a platform's adapter would)`);
    console.log(`    import + first answer             ${summary(samples.map((s) => s.answered - s.boot), 'ms')}`);
    console.log(`    CPU of the process at the answer  ${summary(samples.map((s) => s.cpu), 'ms')} (node's start included; every thread, so it can exceed the wall time)`);
    console.log(`    (node's own start before the import: ${summary(samples.map((s) => s.boot), 'ms')})`);
  } finally {
    await neon.close();
    await rm(workDir, { recursive: true, force: true });
    await cluster.stop();
  }
}

console.log(`node ${process.version}`);
if (!args['skip-node']) await nodeServer();
if (!args['skip-vercel']) await vercelFunction();
