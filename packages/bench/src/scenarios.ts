import { createHmac, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { BENCH_KEY, GITHUB_SECRET, type BenchServer } from './server';
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

interface Call {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface Scenario {
  name: string;
  /** A fresh request each time (unique ids, rotating targets). */
  next: () => Call;
}

const auth = { authorization: `Bearer ${BENCH_KEY}` };
const json = { ...auth, 'content-type': 'application/json' };
const probeSize = 10;

/** Exact statements per request: a few requests one at a time, so nothing else runs meanwhile. */
async function statementsPerRequest(server: BenchServer, scenario: Scenario): Promise<number> {
  const before = server.statements.count;
  for (let i = 0; i < probeSize; i++) {
    const call = scenario.next();
    const response = await fetch(server.url + call.path, { method: call.method, headers: call.headers, body: call.body });
    await response.arrayBuffer();
  }
  return Number(((server.statements.count - before) / probeSize).toFixed(2));
}

/** Drives one scenario with autocannon for a fixed time (or a fixed number of requests). */
async function measure(
  server: BenchServer,
  scenario: Scenario,
  options: RunOptions & { amount?: number; onResponse?: (status: number, body: string) => void },
): Promise<ScenarioResult> {
  const statements = await statementsPerRequest(server, scenario);
  const result = await autocannon({
    url: server.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds }),
    requests: [
      {
        setupRequest: (request) => ({ ...request, ...scenario.next() }),
        ...(options.onResponse ? { onResponse: options.onResponse } : {}),
      },
    ],
  });
  return {
    name: scenario.name,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statementsPerRequest: statements,
  };
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
    {
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
    },
    { name: 'GitHub webhook (signed)', next: () => signedWorkflowFailure(runId++) },
  ];
}

export const claimScenario: Scenario = {
  name: 'dispatch/next (drain)',
  next: () => ({ method: 'GET', path: '/api/v1/dispatch/next', headers: auth }),
};

export async function runScenarios(server: BenchServer, data: SeededData, options: RunOptions): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios(data)) results.push(await measure(server, scenario, options));

  // Drain the queue: every 200 must carry an issue nobody else got.
  const queue = (await (await fetch(`${server.url}/api/v1/dispatch/queue?limit=1`, { headers: auth })).json()) as { total: number };
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
  results.push(drained);
  return results;
}
