import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type BaselineName, pgbenchTps } from './baseline';
import { coldWarmRun, formatRun, formatSpread, type RunResult, runFailures } from './cold';
import { compareClaims } from './mcp-claim';
import { failures, formatTable } from './report';
import { type RunOptions, runScenarios, type ScenarioResult, timedRun } from './scenarios';
import { formatScale, measureScale, type ScaleResult, seedScale, settle } from './scale';
import { seed } from './seed';
import { type BenchServer, startServer } from './server';
import { BENCH_KEY } from './server-protocol';

const { values: args } = parseArgs({
  options: {
    pg: { type: 'boolean', default: false },
    baseline: { type: 'boolean', default: false },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    // Ready-queue sizes at which --baseline measures the claim (comma-separated).
    backlog: { type: 'string', default: '1000,50000' },
    // Only the claim, through REST and through MCP side by side (a short run).
    mcp: { type: 'boolean', default: false },
    // Scale mode (issue 21, needs --pg): issue counts to seed and measure at, e.g. 20000,200000.
    scale: { type: 'string' },
    // Cold mode (issue 20, needs --pg): a fresh database and server per mode, cold beside warm (cold.ts).
    cold: { type: 'boolean', default: false },
    // With --cold: how many cold+warm runs, and seconds to wait between them.
    runs: { type: 'string', default: '1' },
    gap: { type: 'string', default: '0' },
    // With --cold: ready triage signals in the queue while agents drain it.
    signals: { type: 'string', default: '10000' },
  },
});

const options: RunOptions = { connections: Number(args.connections), durationSeconds: Number(args.duration) };
const resultsDir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));

interface BacklogResult {
  backlog: number;
  claimsPerSecond: number;
  p50: number;
  p99: number;
  statementsPerClaim: number;
}

/**
 * 2,000 claims (at most half the backlog) from a queue of `backlog` ready issues: the claim's cost
 * must not grow with the backlog. Long enough (~4 s) to measure a sustained rate, like the other
 * operations' 5 s runs, rather than each connection's first planning of the claim after VACUUM ANALYZE.
 */
async function claimAtBacklog(server: BenchServer, backlog: number): Promise<BacklogResult> {
  await server.fillQueue(backlog);
  const before = await server.statementCount();
  const { result, requestsPerSecond } = await timedRun({
    url: server.url,
    connections: options.connections,
    amount: Math.min(Math.floor(backlog / 2), 2000),
    requests: [{ method: 'POST', path: '/api/v1/dispatch/next', headers: { authorization: `Bearer ${BENCH_KEY}` } }],
  });
  return {
    backlog,
    claimsPerSecond: requestsPerSecond,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statementsPerClaim: Number((((await server.statementCount()) - before) / (result.requests.total || 1)).toFixed(2)),
  };
}

/** Seeds each size in turn on one database (growing it) and measures; prints the sizes side by side. */
async function runScale(server: BenchServer, databaseUrl: string, sizes: number[], started: number) {
  console.log(`Loop scale benchmark on PostgreSQL 15 · ${cpus().length} cores · ${options.connections} connections · ${options.durationSeconds}s per request`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const results: ScaleResult[] = [];
  try {
    let seeded = 0;
    for (const size of sizes) {
      const seedStart = Date.now();
      await seedScale(client, seeded, size);
      seeded = size;
      console.log(`Seeded and analyzed ${size.toLocaleString('en')} issues in ${((Date.now() - seedStart) / 1000).toFixed(1)}s`);
      results.push(...(await measureScale(server.url, size, { ...options, samples: 21, settle: () => settle(client) })));
    }
  } finally {
    await client.end();
  }
  console.log(`\n${formatScale(sizes, results)}`);
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, 'bench-scale-postgres.json');
  const seconds = Math.round((Date.now() - started) / 1000);
  await writeFile(file, `${JSON.stringify({ date: new Date().toISOString(), options, sizes, results, seconds }, null, 2)}\n`);
  console.log(`\nResults written to ${file} (${seconds}s)`);
}

/** Cold and warm side by side, `--runs` times, then the spread of every ratio the issue sets a target for. */
async function runCold(cluster: { url: string; urlFor(database: string): string }, started: number) {
  const runs = Number(args.runs);
  const coldOptions = { ...options, signals: Number(args.signals) };
  console.log(
    `Loop cold/warm benchmark on PostgreSQL 15 · ${cpus().length} cores · ${options.connections} connections · ${options.durationSeconds}s per operation · ${runs} run(s)`,
  );
  const results: RunResult[] = [];
  const problems: string[] = [];
  for (let i = 0; i < runs; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, Number(args.gap) * 1000));
    const run = await coldWarmRun(cluster, i, coldOptions);
    results.push(run);
    console.log(`\n${formatRun(run)}`);
    problems.push(...runFailures(run).map((p) => `run ${i + 1}: ${p}`));
  }
  if (runs > 1) console.log(`\nSpread over ${runs} runs\n${formatSpread(results)}`);
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, 'bench-cold-postgres.json');
  const seconds = Math.round((Date.now() - started) / 1000);
  await writeFile(file, `${JSON.stringify({ date: new Date().toISOString(), options: coldOptions, runs: results, seconds }, null, 2)}\n`);
  console.log(`\nResults written to ${file} (${seconds}s)`);
  if (problems.length > 0) {
    console.error(`\nFAILED:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exitCode = 1;
  }
}

async function main() {
  const started = Date.now();
  const cluster = args.pg ? await (await import('../../../scripts/pg-cluster.mjs')).startCluster() : undefined;
  if (args.cold) {
    if (!cluster) throw new Error('--cold needs --pg: each mode gets a fresh PostgreSQL database');
    try {
      await runCold(cluster, started);
    } finally {
      await cluster.stop();
    }
    return;
  }
  let databaseUrl: string | undefined;
  if (cluster) {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('create database loop_bench');
    await admin.end();
    databaseUrl = cluster.urlFor('loop_bench');
  }
  const server = await startServer(databaseUrl);
  try {
    if (args.scale !== undefined) {
      if (!databaseUrl) throw new Error('--scale needs --pg: it seeds through SQL');
      await runScale(server, databaseUrl, args.scale.split(',').map(Number), started);
      return;
    }
    console.log(`Loop benchmark on ${args.pg ? 'PostgreSQL 15' : 'PGLite'} · ${cpus().length} cores · ${options.connections} connections · ${options.durationSeconds}s per operation`);
    const seedStart = Date.now();
    const data = await seed(server.url, { roots: 200, childrenPerRoot: 4, signals: 200, finished: 200 });
    // What autovacuum does within a minute of such a load on a running server: without statistics the
    // planner takes the freshly seeded tables for nearly empty ones.
    await server.analyze();
    console.log(`Seeded ${data.issueCount} issues, ${data.signalCount} signals, 5 projects and goals, 20 labels, ${data.finishedCount} issues done through dispatch in ${((Date.now() - seedStart) / 1000).toFixed(1)}s\n`);

    if (args.mcp) {
      const comparison = await compareClaims(server, { connections: options.connections, backlog: 1000, claims: 500 });
      console.log('claim through REST and through MCP (1,000 ready, 500 claims each)');
      for (const c of comparison) {
        console.log(`  ${c.surface.padEnd(4)} ${c.claimsPerSecond} claims/s, p50 ${c.p50} ms, p99 ${c.p99} ms, ${c.statementsPerClaim} SQL/claim, ${c.notClaimed} not claimed`);
      }
      await mkdir(resultsDir, { recursive: true });
      const file = join(resultsDir, `bench-mcp-${args.pg ? 'postgres' : 'pglite'}.json`);
      await writeFile(file, `${JSON.stringify({ date: new Date().toISOString(), options, comparison }, null, 2)}\n`);
      console.log(`\nResults written to ${file} (${Math.round((Date.now() - started) / 1000)}s)`);
      if (comparison.some((c) => c.notClaimed > 0)) process.exitCode = 1;
      return;
    }

    const results: ScenarioResult[] = await runScenarios(server, data, options);
    console.log(formatTable(results));
    const claims = results.find((r) => r.claims)?.claims;
    if (claims) console.log(`\nclaims: ${claims.distinct} distinct, ${claims.duplicates} duplicate, ${claims.empty} × 204 once the queue was empty`);

    let backlog: BacklogResult[] | undefined;
    let baseline: Record<string, { tps: number; api: number; fraction: number; target: number }> | undefined;
    if (args.baseline) {
      if (!databaseUrl) throw new Error('--baseline needs --pg: pgbench runs against PostgreSQL');
      backlog = [];
      for (const size of args.backlog.split(',').map(Number)) backlog.push(await claimAtBacklog(server, size));
      console.log('\nclaim cost vs backlog');
      for (const b of backlog) console.log(`  ${String(b.backlog).padStart(6)} ready: ${b.claimsPerSecond} claims/s, p50 ${b.p50} ms, p99 ${b.p99} ms, ${b.statementsPerClaim} SQL/claim`);

      const largest = backlog[backlog.length - 1]!;
      await server.fillQueue(largest.backlog);
      const api = (name: string) => results.find((r) => r.name === name)?.requestsPerSecond ?? 0;
      const targets: [string, BaselineName, number, number][] = [
        ['list issues (50, filtered)', 'page', api('list issues (50, filtered)'), 0.1],
        ['get one issue', 'primaryKey', api('get one issue'), 0.05],
        ['create issue', 'insert', api('create issue'), 0.2],
        ['ingest a signal', 'insert', api('ingest a signal'), 0.25],
        [`claim (sustained, ${largest.backlog} ready)`, 'claim', largest.claimsPerSecond, 0.14],
      ];
      baseline = {};
      console.log('\nAPI throughput as a fraction of the raw SQL ceiling (pgbench, same server, same concurrency)');
      for (const [name, script, apiRps, target] of targets) {
        const tps = await pgbenchTps(databaseUrl, script, options.connections, options.durationSeconds);
        const fraction = apiRps / tps;
        baseline[name] = { tps: Math.round(tps), api: apiRps, fraction: Number(fraction.toFixed(3)), target };
        console.log(`  ${name.padEnd(32)} ${String(apiRps).padStart(6)} req/s of ${String(Math.round(tps)).padStart(6)} tps = ${(fraction * 100).toFixed(1).padStart(5)}%  (target ≥ ${(target * 100).toFixed(0)}%) ${fraction >= target ? 'met' : 'MISSED'}`);
      }
    }

    await mkdir(resultsDir, { recursive: true });
    const file = join(resultsDir, `bench-${args.pg ? 'postgres' : 'pglite'}.json`);
    const report = {
      date: new Date().toISOString(),
      database: args.pg ? 'postgres' : 'pglite',
      machine: { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      options,
      results,
      backlog,
      baseline,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nResults written to ${file} (${report.seconds}s)`);

    const problems = failures(results);
    if (problems.length > 0) {
      console.error(`\nFAILED:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    await server.stop();
    await cluster?.stop();
  }
}

await main();
