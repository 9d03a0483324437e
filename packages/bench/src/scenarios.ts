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
  statementsPerRequest: number;
  /** For dispatch/next: distinct and duplicate issue ids handed out. */
  claims?: { distinct: number; duplicates: number; empty: number };
}

export interface RunOptions {
  connections: number;
  durationSeconds: number;
}

const auth = { authorization: `Bearer ${BENCH_KEY}` };
const json = { ...auth, 'content-type': 'application/json' };

type Request = autocannon.Request;

/** One scenario: requests (possibly varying per call) driven by autocannon for a fixed time or count. */
async function measure(
  server: BenchServer,
  name: string,
  requests: Request[],
  options: RunOptions & { amount?: number },
  afterRun?: () => Partial<ScenarioResult>,
): Promise<ScenarioResult> {
  const before = server.statements.count;
  const result = await autocannon({
    url: server.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds }),
    requests,
  });
  const completed = result.requests.total || 1;
  return {
    name,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statementsPerRequest: Number(((server.statements.count - before) / completed).toFixed(2)),
    ...afterRun?.(),
  };
}

function workflowFailure(runId: number) {
  return JSON.stringify({
    action: 'completed',
    workflow_run: {
      id: runId,
      name: 'CI',
      conclusion: 'failure',
      head_branch: 'main',
      html_url: `https://github.com/acme/shop/actions/runs/${runId}`,
    },
    repository: { full_name: 'acme/shop', default_branch: 'main' },
  });
}

export async function runScenarios(server: BenchServer, data: SeededData, options: RunOptions): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  let cursor = 0;
  const nextRich = () => data.richIssueNumbers[cursor++ % data.richIssueNumbers.length];

  results.push(await measure(server, 'GET /health', [{ method: 'GET', path: '/health' }], options));
  results.push(
    await measure(server, 'list issues (50, filtered)', [{ method: 'GET', path: '/api/v1/issues?status=todo&limit=50', headers: auth }], options),
  );
  results.push(
    await measure(
      server,
      'get one issue',
      [{ method: 'GET', headers: auth, setupRequest: (request) => ({ ...request, path: `/api/v1/issues/${nextRich()}` }) }],
      options,
    ),
  );
  results.push(
    await measure(server, 'dispatch/queue (50)', [{ method: 'GET', path: '/api/v1/dispatch/queue?limit=50', headers: auth }], options),
  );
  results.push(
    await measure(
      server,
      'create issue',
      [
        {
          method: 'POST',
          path: '/api/v1/issues',
          headers: json,
          body: JSON.stringify({ title: 'Bench task', type: 'task', priority: 3, projectId: data.projectIds[0], labelIds: [data.labelIds[0]] }),
        },
      ],
      options,
    ),
  );
  results.push(
    await measure(
      server,
      'ingest a signal',
      [
        {
          method: 'POST',
          path: '/api/v1/signals',
          headers: json,
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({
              source: 'bench',
              type: 'error-spike',
              severity: 'high',
              payload: { message: 'TypeError in checkout', count: 3 },
              deliveryId: randomUUID(),
            }),
          }),
        },
      ],
      options,
    ),
  );
  let runId = 1;
  results.push(
    await measure(
      server,
      'GitHub webhook (signed)',
      [
        {
          method: 'POST',
          path: '/webhooks/github',
          setupRequest: (request) => {
            const body = workflowFailure(runId++);
            return {
              ...request,
              body,
              headers: {
                'content-type': 'application/json',
                'x-github-event': 'workflow_run',
                'x-github-delivery': randomUUID(),
                'x-github-hook-id': '4242',
                'x-hub-signature-256': `sha256=${createHmac('sha256', GITHUB_SECRET).update(body).digest('hex')}`,
              },
            };
          },
        },
      ],
      options,
    ),
  );

  // Drain the queue: every 200 must carry an issue nobody else got.
  const queue = (await (await fetch(`${server.url}/api/v1/dispatch/queue?limit=1`, { headers: auth })).json()) as { total: number };
  const handedOut = new Map<string, number>();
  let empty = 0;
  results.push(
    await measure(
      server,
      'dispatch/next (drain)',
      [
        {
          method: 'GET',
          path: '/api/v1/dispatch/next',
          headers: auth,
          onResponse: (status, body) => {
            if (status === 204) {
              empty++;
              return;
            }
            const id = (JSON.parse(body) as { data: { issue: { id: string } } }).data.issue.id;
            handedOut.set(id, (handedOut.get(id) ?? 0) + 1);
          },
        },
      ],
      { ...options, amount: queue.total + options.connections * 2 },
      () => ({
        claims: {
          distinct: handedOut.size,
          duplicates: [...handedOut.values()].reduce((sum, n) => sum + n - 1, 0),
          empty,
        },
      }),
    ),
  );
  return results;
}
