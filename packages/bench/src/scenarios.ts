import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import autocannon from 'autocannon';
import type { BenchServer } from './server';
import { BENCH_KEY, GITHUB_SECRET } from './server-protocol';
import type { SeededData } from './seed';

export interface ScenarioResult {
  name: string;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** SQL statements per request (BEGIN/COMMIT included), measured on sequential requests. */
  statementsPerRequest: number;
  /** For dispatch/next: distinct and duplicate issue ids handed out. */
  claims?: { distinct: number; duplicates: number; empty: number };
}

export interface RunOptions {
  connections: number;
  durationSeconds: number;
}

export interface Call {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Scenario {
  name: string;
  /** A fresh request each time (unique ids, rotating targets). */
  next: () => Call;
}

export const auth = { authorization: `Bearer ${BENCH_KEY}` };
const json = { ...auth, 'content-type': 'application/json' };
const probeSize = 10;

/**
 * One request on a fresh connection: after an autocannon run, reusing fetch's pooled keep-alive
 * sockets to the same server proved unreliable (requests stalled client-side), and a probe must
 * measure the server, not the client's socket pool.
 */
export function send(url: string, call: Call): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers = call.body === undefined ? call.headers : { ...call.headers, 'content-length': String(Buffer.byteLength(call.body)) };
    const req = request(url, { method: call.method, headers, agent: false, timeout: 15_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error(`${call.method} ${call.path}: no answer within 15 s`)));
    req.on('error', reject);
    req.end(call.body);
  });
}

/** Exact statements per request: a few requests one at a time, so nothing else runs meanwhile. */
async function statementsPerRequest(server: BenchServer, scenario: Scenario): Promise<number> {
  // Requests a previous load run left in flight still finish on the server: wait until it is quiet.
  let before = await server.statementCount();
  for (let quiet = false; !quiet; ) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = await server.statementCount();
    quiet = later === before;
    before = later;
  }
  for (let i = 0; i < probeSize; i++) {
    const call = scenario.next();
    await send(server.url + call.path, call);
  }
  return Number((((await server.statementCount()) - before) / probeSize).toFixed(2));
}

/** Drives one scenario with autocannon for a fixed time (or a fixed number of requests). */
export async function measure(
  server: BenchServer,
  scenario: Scenario,
  options: RunOptions & { amount?: number; onResponse?: (status: number, body: string) => void },
): Promise<ScenarioResult> {
  const statements = await statementsPerRequest(server, scenario);
  if (process.env.LOOP_BENCH_DEBUG) process.stderr.write(`    probed: ${statements} statements per request\n`);
  const { result, requestsPerSecond } = await timedRun(
    {
      url: server.url,
      connections: options.connections,
      ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds }),
      requests: [{ setupRequest: (request) => ({ ...request, ...scenario.next() }) }],
    },
    options.onResponse,
  );
  return {
    name: scenario.name,
    requests: result.requests.total,
    requestsPerSecond,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statementsPerRequest: statements,
  };
}

/**
 * An autocannon run timed by its own responses: from the start to the last answer. autocannon's own
 * figures are per whole second (`requests.average` is a mean of one-second buckets, and a run of a
 * fixed number of requests ends on a one-second tick), too coarse for a run of a second or two.
 */
export async function timedRun(
  options: autocannon.Options,
  onResponse?: (status: number, body: string) => void,
): Promise<{ result: autocannon.Result; requestsPerSecond: number }> {
  const startedAt = performance.now();
  let lastAnswerAt = startedAt;
  const requests = (options.requests ?? [{}]).map((request) => ({
    ...request,
    onResponse: (status: number, body: string) => {
      lastAnswerAt = performance.now();
      onResponse?.(status, body);
    },
  }));
  const result = await autocannon({ ...options, requests });
  const seconds = Math.max(lastAnswerAt - startedAt, 1) / 1000;
  return { result, requestsPerSecond: Math.round(result.requests.total / seconds) };
}

function signedWorkflowFailure(runId: number): Call {
  const body = JSON.stringify({
    action: 'completed',
    workflow_run: { id: runId, name: 'CI', conclusion: 'failure', head_branch: 'main', html_url: `https://github.com/acme/shop/actions/runs/${runId}` },
    repository: { full_name: 'acme/shop', default_branch: 'main' },
  });
  return {
    method: 'POST',
    path: '/webhooks/github',
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'workflow_run',
      'x-github-delivery': randomUUID(),
      'x-github-hook-id': '4242',
      'x-hub-signature-256': `sha256=${createHmac('sha256', GITHUB_SECRET).update(body).digest('hex')}`,
    },
  };
}

/** A signal with a delivery id of its own (never a repeat): what a webhook burst sends. */
export const ingestScenario: Scenario = {
  name: 'ingest a signal',
  next: () => ({
    method: 'POST',
    path: '/api/v1/signals',
    headers: json,
    body: JSON.stringify({
      source: 'bench',
      type: 'error-spike',
      severity: 'high',
      payload: { message: 'TypeError in checkout', count: 3 },
      deliveryId: randomUUID(),
    }),
  }),
};

export function scenarios(data: SeededData): Scenario[] {
  let cursor = 0;
  let runId = 1;
  return [
    { name: 'GET /health', next: () => ({ method: 'GET', path: '/health', headers: {} }) },
    { name: 'list issues (50, filtered)', next: () => ({ method: 'GET', path: '/api/v1/issues?status=todo&limit=50', headers: auth }) },
    {
      name: 'get one issue',
      next: () => ({ method: 'GET', path: `/api/v1/issues/${data.richIssueNumbers[cursor++ % data.richIssueNumbers.length]}`, headers: auth }),
    },
    { name: 'dispatch/queue (50)', next: () => ({ method: 'GET', path: '/api/v1/dispatch/queue?limit=50', headers: auth }) },
    {
      name: 'create issue',
      next: () => ({
        method: 'POST',
        path: '/api/v1/issues',
        headers: json,
        body: JSON.stringify({ title: 'Bench task', type: 'task', priority: 3, projectId: data.projectIds[0], labelIds: [data.labelIds[0]] }),
      }),
    },
    ingestScenario,
    { name: 'GitHub webhook (signed)', next: () => signedWorkflowFailure(runId++) },
  ];
}

export const claimScenario: Scenario = {
  name: 'dispatch/next (drain)',
  next: () => ({ method: 'POST', path: '/api/v1/dispatch/next', headers: auth }),
};

/** The reads first, then the queue drained (before the write scenarios add thousands of ready signals), then the writes. */
export async function runScenarios(server: BenchServer, data: SeededData, options: RunOptions): Promise<ScenarioResult[]> {
  const [health, list, get, queue, ...writes] = scenarios(data);
  const results: ScenarioResult[] = [];
  for (const scenario of [health!, list!, get!, queue!]) results.push(await run(server, scenario, options));
  results.push(await drain(server, options));
  for (const scenario of writes) results.push(await run(server, scenario, options));
  return results;
}

function run(server: BenchServer, scenario: Scenario, options: RunOptions) {
  process.stderr.write(`  running ${scenario.name}…\n`);
  return measure(server, scenario, options);
}

/** Claims until the queue is empty: every 200 must carry an issue nobody else got. */
async function drain(server: BenchServer, options: RunOptions): Promise<ScenarioResult> {
  process.stderr.write(`  running ${claimScenario.name}…\n`);
  const queuePath = '/api/v1/dispatch/queue?limit=1';
  const queue = JSON.parse(await send(server.url + queuePath, { method: 'GET', path: queuePath, headers: auth })) as { total: number };
  const handedOut = new Map<string, number>();
  let empty = 0;
  const drained = await measure(server, claimScenario, {
    ...options,
    amount: Math.max(queue.total - probeSize, 0) + options.connections * 2,
    onResponse: (status, body) => {
      if (status === 204) {
        empty++;
        return;
      }
      const id = (JSON.parse(body) as { data: { issue: { id: string } } }).data.issue.id;
      handedOut.set(id, (handedOut.get(id) ?? 0) + 1);
    },
  });
  drained.claims = { distinct: handedOut.size, duplicates: [...handedOut.values()].reduce((sum, n) => sum + n - 1, 0), empty };
  return drained;
}
