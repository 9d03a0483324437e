import type { BenchServer } from './server';
import { timedRun } from './scenarios';
import { BENCH_KEY } from './server-protocol';

export interface ClaimComparison {
  surface: 'REST' | 'MCP';
  backlog: number;
  claims: number;
  claimsPerSecond: number;
  p50: number;
  p99: number;
  statementsPerClaim: number;
  /** Answers that were not a claim of an issue (204, a tool error, a protocol error). */
  notClaimed: number;
}

const auth = { authorization: `Bearer ${BENCH_KEY}` };

/** One claim as an MCP client sends it: a stateless JSON-RPC `tools/call` POSTed to `/mcp`. */
const mcpClaim = {
  method: 'POST' as const,
  path: '/mcp',
  headers: {
    ...auth,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-06-18',
  },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'claim_next_issue', arguments: {} } }),
};

const restClaim = { method: 'POST' as const, path: '/api/v1/dispatch/next', headers: auth };

/**
 * The same claim through REST and through MCP, each from a queue topped up to `backlog` ready issues
 * (then vacuumed and analyzed), with the same number of claims and connections, one after the other.
 */
export async function compareClaims(
  server: BenchServer,
  options: { connections: number; backlog: number; claims: number },
): Promise<ClaimComparison[]> {
  const results: ClaimComparison[] = [];
  for (const [surface, request] of [['REST', restClaim], ['MCP', mcpClaim]] as const) {
    process.stderr.write(`  claiming through ${surface}…\n`);
    await server.fillQueue(options.backlog);
    let notClaimed = 0;
    const before = await server.statementCount();
    const { result, requestsPerSecond } = await timedRun(
      { url: server.url, connections: options.connections, amount: options.claims, requests: [request] },
      (status, body) => {
        if (status !== 200 || !claimed(surface, body)) notClaimed++;
      },
    );
    results.push({
      surface,
      backlog: options.backlog,
      claims: result.requests.total,
      claimsPerSecond: requestsPerSecond,
      p50: result.latency.p50,
      p99: result.latency.p99,
      statementsPerClaim: Number((((await server.statementCount()) - before) / (result.requests.total || 1)).toFixed(2)),
      notClaimed,
    });
  }
  return results;
}

function claimed(surface: 'REST' | 'MCP', body: string): boolean {
  if (surface === 'REST') return body.includes('"dispatchId"');
  const answer = JSON.parse(body) as { result?: { isError?: boolean; structuredContent?: { claimed?: boolean } } };
  return answer.result?.isError !== true && answer.result?.structuredContent?.claimed === true;
}
