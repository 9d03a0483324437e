import pg from 'pg';
import { pgbenchTps } from './baseline';
import { failures } from './report';
import { auth, type Call, ingestScenario, measure, type RunOptions, type Scenario, type ScenarioResult, timedRun } from './scenarios';
import { seed, type SeededData } from './seed';
import { type BenchServer, startServer } from './server';

/**
 * Cold and warm modes (issue 20). Each mode gets a database and a server of its own, seeded through
 * the API as in every run. Cold measures at once, as a new deployment meets its first load: the bench
 * runs no ANALYZE or VACUUM, so whatever statistics the tables have come from the server's autovacuum.
 * Warm is the same after ANALYZE (and VACUUM ANALYZE with each backlog), as `npm run bench` measures.
 */

export type Mode = 'cold' | 'warm';

export interface ColdOptions extends RunOptions {
  /** Ready triage signals to fill the queue with (through the API) before the drain is measured. */
  signals: number;
}

/** One mode's results; the ceilings (tps of the raw SQL, by operation name) only in warm mode. */
export interface ModeResult {
  mode: Mode;
  results: ScenarioResult[];
  ceilings: Record<string, number>;
  seedSeconds: number;
  /** What autovacuum did on the hot tables while the mode ran (the bench's own ANALYZE not counted). */
  autovacuum: { table: string; autoanalyzed: number; autovacuumed: number }[];
}

interface Cluster {
  url: string;
  urlFor(database: string): string;
}

/** What each ceiling bounds, its raw SQL's name in the report, and the issue's target fraction. */
export const ceilingTargets: { operation: string; sql: string; target: number }[] = [
  { operation: 'list issues (50, unfiltered)', sql: "the list's own statement", target: 0.15 },
  { operation: 'claims, 1,000 ready', sql: 'SKIP LOCKED claim', target: 0.2 },
  { operation: 'claims, 50,000 ready', sql: 'SKIP LOCKED claim', target: 0.2 },
  { operation: 'ingest a signal', sql: 'one-row insert', target: 0.25 },
];

export const coldWarmTarget = 0.8;

const backlogs = [1000, 50_000];
const backlogName = (backlog: number) => `claims, ${backlog.toLocaleString('en')} ready`;

function readScenarios(data: SeededData): Scenario[] {
  let cursor = 0;
  return [
    { name: 'list issues (50, unfiltered)', next: () => ({ method: 'GET', path: '/api/v1/issues?limit=50', headers: auth }) },
    { name: 'list issues (50, filtered)', next: () => ({ method: 'GET', path: '/api/v1/issues?status=todo&limit=50', headers: auth }) },
    {
      name: 'get one issue',
      next: () => ({ method: 'GET', path: `/api/v1/issues/${data.richIssueNumbers[cursor++ % data.richIssueNumbers.length]}`, headers: auth }),
    },
  ];
}

const json = { ...auth, 'content-type': 'application/json' };

function createScenario(data: SeededData): Scenario {
  const body = JSON.stringify({ title: 'Bench task', type: 'task', priority: 3, projectId: data.projectIds[0], labelIds: [data.labelIds[0]] });
  return { name: 'create issue', next: () => ({ method: 'POST', path: '/api/v1/issues', headers: json, body }) };
}

/** Claims through `dispatch/next`, for the run's duration or `amount` claims; no issue may go out twice. */
async function claims(server: BenchServer, name: string, options: RunOptions & { amount?: number }): Promise<ScenarioResult> {
  const handedOut = new Map<string, number>();
  let empty = 0;
  const result = await measure(server, { name, next: () => ({ method: 'POST', path: '/api/v1/dispatch/next', headers: auth }) }, {
    ...options,
    onResponse: (status, body) => {
      if (status === 204) {
        empty++;
        return;
      }
      if (status !== 200) return;
      const id = (JSON.parse(body) as { data: { issue: { id: string } } }).data.issue.id;
      handedOut.set(id, (handedOut.get(id) ?? 0) + 1);
    },
  });
  result.claims = { distinct: handedOut.size, duplicates: [...handedOut.values()].reduce((sum, n) => sum + n - 1, 0), empty };
  return result;
}

/** A value as an SQL literal, so that pgbench can replay a statement the server sent with parameters. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => (item === null ? 'NULL' : `"${(typeof item === 'string' ? item : JSON.stringify(item)).replace(/["\\]/g, '\\$&')}"`));
    return pg.escapeLiteral(`{${items.join(',')}}`);
  }
  if (typeof value === 'string') return pg.escapeLiteral(value);
  return pg.escapeLiteral(JSON.stringify(value));
}

/**
 * The statements one request sends, as a pgbench script with the values inlined: one request on its
 * own once the server is quiet, then the statements it logged.
 */
async function statementsOf(server: BenchServer, call: Call): Promise<string> {
  let before = await server.statementCount();
  for (let quiet = false; !quiet; ) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = await server.statementCount();
    quiet = later === before;
    before = later;
  }
  const response = await fetch(server.url + call.path, { method: call.method, headers: call.headers });
  await response.text();
  const sent = (await server.statementCount()) - before;
  const recent = (await server.recentStatements()).slice(-sent);
  return recent
    .map(({ query, params }) => `${query.replace(/\$(\d+)\b/g, (_, n: string) => literal(params[Number(n) - 1]))};`)
    .join('\n');
}

async function autovacuumCounts(url: string): Promise<ModeResult['autovacuum']> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table: string; autoanalyzed: number; autovacuumed: number }>(
      `select relname as "table", autoanalyze_count::int as autoanalyzed, autovacuum_count::int as autovacuumed
       from pg_stat_user_tables where relname in ('issues', 'signals', 'dispatches', 'issue_counts') order by relname`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

interface Lane {
  mode: Mode;
  database: string;
  url: string;
  server: BenchServer;
  data: SeededData;
  result: ModeResult;
}

/** A database and a server of its own for one mode, seeded through the API (and analyzed, if warm). */
async function openLane(cluster: Cluster, admin: pg.Client, mode: Mode, label: string): Promise<Lane> {
  const database = `loop_${mode}_${label}`;
  await admin.query(`create database ${database}`);
  const url = cluster.urlFor(database);
  const server = await startServer(url);
  process.stderr.write(`  ${mode}: seeding…\n`);
  const seedStart = Date.now();
  const data = await seed(server.url, { roots: 200, childrenPerRoot: 4, signals: 200, finished: 200 });
  const seedSeconds = (Date.now() - seedStart) / 1000;
  if (mode === 'warm') await server.analyze();
  return { mode, database, url, server, data, result: { mode, results: [], ceilings: {}, seedSeconds, autovacuum: [] } };
}

async function closeLane(admin: pg.Client, lane: Lane): Promise<void> {
  await lane.server.stop();
  await admin.query(`drop database if exists ${lane.database} with (force)`).catch(() => {});
}

/**
 * One run: the warm database seeded and analyzed first, then the cold one seeded, then every
 * operation measured on both back to back (cold first on every other operation), so that the load
 * of a shared machine, which drifts over minutes, falls on both modes alike and the cold database is
 * measured at once after its seed. The ceilings are measured on the warm database right after the
 * API operation they bound.
 */
export async function coldWarmRun(cluster: Cluster, index: number, options: ColdOptions): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  const lanes: Lane[] = [];
  try {
    lanes.push(await openLane(cluster, admin, 'warm', String(index)));
    lanes.push(await openLane(cluster, admin, 'cold', String(index)));
    const [warm, cold] = lanes as [Lane, Lane];
    let turn = index;
    const pair = async (name: string, each: (lane: Lane) => Promise<ScenarioResult>) => {
      const order = turn++ % 2 === 0 ? [cold, warm] : [warm, cold];
      const byMode: Partial<Record<Mode, ScenarioResult>> = {};
      for (const lane of order) {
        process.stderr.write(`  ${lane.mode}: ${name}…\n`);
        const result = await each(lane);
        lane.result.results.push(result);
        byMode[lane.mode] = result;
      }
      return byMode as Record<Mode, ScenarioResult>;
    };

    const reads = (lane: Lane) => readScenarios(lane.data);
    const [unfilteredName, ...readNames] = reads(warm).map((scenario) => scenario.name);
    const scenarioOf = (lane: Lane, name: string) => reads(lane).find((scenario) => scenario.name === name)!;
    await pair(unfilteredName!, (lane) => measure(lane.server, scenarioOf(lane, unfilteredName!), options));
    const sql = await statementsOf(warm.server, scenarioOf(warm, unfilteredName!).next());
    warm.result.ceilings[unfilteredName!] = await pgbenchTps(warm.url, { name: 'list', sql }, options.connections, options.durationSeconds);
    for (const name of readNames) await pair(name, (lane) => measure(lane.server, scenarioOf(lane, name), options));
    await pair('create issue', (lane) => measure(lane.server, createScenario(lane.data), options));
    const ingest = await pair('ingest a signal', (lane) => measure(lane.server, ingestScenario, options));

    // The queue fills with fresh triage signals, as a burst of webhooks leaves it, before agents claim.
    for (const lane of [cold, warm]) {
      const missing = options.signals - lane.data.signalCount - ingest[lane.mode].requests;
      if (missing <= 0) continue;
      process.stderr.write(`  ${lane.mode}: ${missing} more signals…\n`);
      await timedRun({
        url: lane.server.url,
        connections: options.connections,
        amount: missing,
        requests: [{ setupRequest: (request) => ({ ...request, ...ingestScenario.next() }) }],
      });
    }
    await pair('dispatch/next (drain)', (lane) => claims(lane.server, 'dispatch/next (drain)', options));

    for (const backlog of backlogs) {
      const name = backlogName(backlog);
      const amount = Math.min(Math.floor(backlog / 2), 2000);
      for (const lane of [cold, warm]) await lane.server.fillQueue(backlog, { vacuum: lane.mode === 'warm' });
      await pair(name, (lane) => claims(lane.server, name, { ...options, amount }));
      await warm.server.fillQueue(backlog);
      warm.result.ceilings[name] = await pgbenchTps(warm.url, 'claim', options.connections, { transactions: amount });
    }
    warm.result.ceilings['ingest a signal'] = await pgbenchTps(warm.url, 'insert', options.connections, options.durationSeconds);
    for (const lane of lanes) lane.result.autovacuum = await autovacuumCounts(lane.url);
    return { startedAt, cold: cold.result, warm: warm.result };
  } finally {
    for (const lane of lanes) await closeLane(admin, lane);
    await admin.end();
  }
}

export interface RunResult {
  startedAt: string;
  cold: ModeResult;
  warm: ModeResult;
}

const rate = (mode: ModeResult, name: string) => mode.results.find((r) => r.name === name)?.requestsPerSecond ?? 0;
const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Every ratio the issue sets a target for, in one run: name → [fraction, target]. */
export function ratios(run: RunResult): { name: string; fraction: number; target: number }[] {
  const list: { name: string; fraction: number; target: number }[] = [];
  for (const result of run.warm.results) {
    const warm = result.requestsPerSecond;
    list.push({ name: `cold/warm: ${result.name}`, fraction: warm ? rate(run.cold, result.name) / warm : 0, target: coldWarmTarget });
  }
  for (const { operation, target } of ceilingTargets) {
    const ceiling = run.warm.ceilings[operation] ?? 0;
    // The lower of the two modes: a target holds only if it holds on a fresh deployment too.
    const fraction = ceiling ? Math.min(rate(run.cold, operation), rate(run.warm, operation)) / ceiling : 0;
    list.push({ name: `of its SQL ceiling: ${operation}`, fraction, target });
  }
  return list;
}

export function formatRun(run: RunResult): string {
  const rows = run.warm.results.map((warm) => {
    const cold = run.cold.results.find((r) => r.name === warm.name);
    const fraction = cold && warm.requestsPerSecond ? cold.requestsPerSecond / warm.requestsPerSecond : 0;
    return [
      warm.name,
      String(cold?.requestsPerSecond ?? '—'),
      String(cold?.p99 ?? '—'),
      String(warm.requestsPerSecond),
      String(warm.p99),
      fraction.toFixed(2),
      `≥ ${coldWarmTarget.toFixed(2)} ${verdict(fraction >= coldWarmTarget)}`,
      `${cold?.statementsPerRequest.toFixed(2) ?? '—'} / ${warm.statementsPerRequest.toFixed(2)}`,
    ];
  });
  const ceilingRows = ceilingTargets.map(({ operation, sql, target }) => {
    const ceiling = run.warm.ceilings[operation] ?? 0;
    const cold = ceiling ? rate(run.cold, operation) / ceiling : 0;
    const warm = ceiling ? rate(run.warm, operation) / ceiling : 0;
    return [operation, sql, String(Math.round(ceiling)), percent(cold), percent(warm), `≥ ${(target * 100).toFixed(0)}% ${verdict(Math.min(cold, warm) >= target)}`];
  });
  const claimed = (mode: ModeResult) =>
    mode.results
      .filter((r) => r.claims)
      .map((r) => `${r.claims!.distinct} distinct, ${r.claims!.duplicates} duplicate`)
      .join('; ');
  const autovacuum = (mode: ModeResult) => mode.autovacuum.map((t) => `${t.table} ${t.autoanalyzed}/${t.autovacuumed}`).join(', ');
  return [
    `Run at ${run.startedAt}: seeded in ${run.cold.seedSeconds.toFixed(1)}s (cold), ${run.warm.seedSeconds.toFixed(1)}s (warm)`,
    table(['operation', 'cold req/s', 'p99 ms', 'warm req/s', 'p99 ms', 'cold/warm', 'target', 'SQL/req cold / warm'], rows),
    '',
    'API as a fraction of the raw SQL ceiling (pgbench on the warm database, same concurrency; the lower mode decides)',
    table(['operation', 'raw SQL', 'tps', 'cold', 'warm', 'target'], ceilingRows),
    '',
    `claims: cold ${claimed(run.cold)}; warm ${claimed(run.warm)}`,
    `autovacuum while measuring (table analyzes/vacuums): cold ${autovacuum(run.cold)}; warm ${autovacuum(run.warm)}`,
  ].join('\n');
}

/** The spread of every ratio over the runs, and how many runs met its target. */
export function formatSpread(runs: RunResult[]): string {
  const all = runs.map(ratios);
  const rows = all[0]!.map(({ name, target }, i) => {
    const values = all.map((list) => list[i]!.fraction);
    const met = values.filter((v) => v >= target).length;
    const show = (v: number) => (target < 0.5 ? percent(v) : v.toFixed(2));
    return [name, values.map(show).join(' · '), `${show(Math.min(...values))}–${show(Math.max(...values))}`, `≥ ${show(target)}`, `${met}/${values.length} ${verdict(met === values.length)}`];
  });
  return table(['ratio', 'runs', 'spread', 'target', 'met'], rows);
}

/** Duplicate claims, errors, non-2xx answers and exceeded statement budgets, in either mode. */
export function runFailures(run: RunResult): string[] {
  return [...failures(run.cold.results).map((p) => `cold ${p}`), ...failures(run.warm.results).map((p) => `warm ${p}`)];
}
