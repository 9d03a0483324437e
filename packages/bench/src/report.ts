import type { ScenarioResult } from './scenarios';

/** The round-trip budget per operation (SQL statements per request, BEGIN/COMMIT included). */
export const statementTargets: Record<string, number> = {
  'list issues (50, unfiltered)': 2,
  'list issues (50, filtered)': 2,
  'get one issue': 2,
  'create issue': 3,
  'ingest a signal': 1,
  'dispatch/next (drain)': 4,
};

const pad = (text: string, width: number, right = false) => (right ? text.padStart(width) : text.padEnd(width));

export function formatTable(results: ScenarioResult[]): string {
  const header = ['operation', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'SQL/req', 'budget'];
  const rows = results.map((r) => [
    r.name,
    String(r.requestsPerSecond),
    String(r.p50),
    String(r.p99),
    String(r.errors),
    String(r.non2xx),
    r.statementsPerRequest.toFixed(2),
    statementTargets[r.name] === undefined ? '' : `≤ ${statementTargets[r.name]}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i]!, i > 0)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Everything that makes the run a failure: a doubled claim, or a round-trip budget exceeded. */
export function failures(results: ScenarioResult[]): string[] {
  const problems: string[] = [];
  for (const result of results) {
    const budget = statementTargets[result.name];
    if (budget !== undefined && result.statementsPerRequest > budget) {
      problems.push(`${result.name}: ${result.statementsPerRequest} SQL statements per request, budget ${budget}`);
    }
    if (result.claims && result.claims.duplicates > 0) {
      problems.push(`${result.name}: ${result.claims.duplicates} duplicate claims`);
    }
    if (result.errors > 0) problems.push(`${result.name}: ${result.errors} connection errors or timeouts`);
    if (result.non2xx > 0) problems.push(`${result.name}: ${result.non2xx} answers outside 2xx`);
  }
  return problems;
}
