import { request } from 'node:http';
import type pg from 'pg';
import { timedRun } from './scenarios';
import { BENCH_KEY } from './server-protocol';

/**
 * Scale mode (issue 21): the cost of a page must not grow with the table. Seeds the real schema with
 * N issues straight in SQL (`generate_series`), with 90 days of history, ANALYZEs, then measures each
 * endpoint's single-request median and its rate under load; then grows the same database to the next
 * size and measures again, so the sizes can be compared side by side.
 */

const projectIds = [1, 2, 3, 4, 5].map((n) => `scaleproject${n}`);
const searchWords = ['checkout', 'login', 'search', 'billing', 'export', 'sync', 'upload', 'scale'];

/**
 * Issues `from + 1` … `to`, in the issue's proportions by `g % 10`: 40 % done, 10 % canceled, 20 %
 * backlog, 10 % todo, 10 % in progress, 10 % triage (signals), spread over 90 days before now; five
 * projects; every done issue was claimed and finished, every issue in progress has an open claim,
 * every triage signal came with its signal row, and one issue in five has a comment.
 */
export async function seedScale(client: pg.Client, from: number, to: number): Promise<void> {
  const words = `array[${searchWords.map((w) => `'${w}'`).join(',')}]`;
  const projects = `array[${projectIds.map((p) => `'${p}'`).join(',')}]`;
  await client.query(`insert into projects (id, name) select unnest(${projects}), 'Scale ' || unnest(${projects}) on conflict do nothing`);
  // g's place in the 90 days is scrambled (a multiplicative step), so creation order is not id order.
  await client.query(
    `insert into issues (id, title, description, type, status, priority, project_id, created_at, updated_at, status_changed_at, completed_at)
     select 'scale' || g, title, 'Observed while ' || (${words})[1 + (g / 7) % 8] || ' ran for ' || g || ' users',
       case when s = 9 then 'signal' else (array['task','plan','hypothesis','task','monitor'])[1 + g % 5] end::issue_type,
       (array['done','done','done','done','canceled','backlog','backlog','todo','in_progress','triage'])[1 + s]::issue_status,
       g % 5, (${projects})[1 + (g / 10) % 5], created, created + interval '1 hour', created + interval '2 hours',
       case when s <= 4 then created + interval '3 hours' end
     from (
       select g, g % 10 as s,
         'Issue ' || g || ' in ' || (${words})[1 + g % 8] || ' flow' as title,
         now() - make_interval(secs => ((g::bigint * 7919) % 7776000) + (g % 1000) / 1000.0) as created
       from generate_series($1::int + 1, $2::int) as g
     ) as seeded`,
    [from, to],
  );
  await client.query(
    // Open claims lease into the future, as live agents' would. Written so at once: an update after the
    // insert left ~20 % of the dispatches as dead entries of the open-lease index until autovacuum came,
    // and every queue page and ready count visited each of them (a state no live server reaches at once).
    `insert into dispatches (id, issue_id, claimed_at, lease_expires_at, finished_at, outcome)
     select 'scaled' || g, 'scale' || g, created_at + interval '2 hours',
       case when status = 'done' then created_at + interval '3 hours' else now() + interval '1 hour' end,
       case when status = 'done' then completed_at end,
       case when status = 'done' then 'done' else 'claimed' end::dispatch_outcome
     from issues, generate_series($1::int + 1, $2::int) as g
     where issues.id = 'scale' || g and issues.status in ('done', 'in_progress')`,
    [from, to],
  );
  await client.query(
    `insert into signals (id, source, type, severity, payload, issue_id, created_at)
     select 'scales' || g, 'sentry', 'error-spike', (array['low','medium','high','critical'])[1 + g % 4]::severity,
       jsonb_build_object('message', title), id, created_at
     from issues, generate_series($1::int + 1, $2::int) as g
     where issues.id = 'scale' || g and g % 10 = 9`,
    [from, to],
  );
  await client.query(
    `insert into comments (id, issue_id, body, author_name, author_type, created_at)
     select 'scalec' || g, 'scale' || g, 'Looked at it', 'agent', 'agent', now() - make_interval(secs => (g::bigint * 104729) % 7776000)
     from generate_series($1::int + 1, $2::int) as g
     where g % 5 = 0`,
    [from, to],
  );
  // A year-old deployment's tables have been vacuumed as well as analyzed. Vacuuming here also keeps
  // autovacuum's first pass over the bulk load (minutes of both cores at 200,000 issues) out of the
  // measurements that follow.
  await client.query('vacuum analyze');
}

interface Probe {
  name: string;
  path: string;
  /** The issue's target for the single-request median, in ms; none for a deep offset (clients follow `nextCursor`). */
  target?: number;
  /** The peer implementation's rate under the same load at 200,000 issues (issue 21); Loop's should be ≥ 5×. */
  peer?: number;
}

const auth = { authorization: `Bearer ${BENCH_KEY}` };

function get(url: string): Promise<{ ms: number; body: string; status: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { headers: auth, agent: false, timeout: 30_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ ms: performance.now() - started, body, status: response.statusCode ?? 0 }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within 30 s`)));
    req.on('error', reject);
    req.end();
  });
}

export interface ScaleResult {
  size: number;
  name: string;
  median: number;
  requestsPerSecond: number;
  target?: number;
  peer?: number;
}

/** The probes at `size` issues; the cursor probe starts as deep as the deep offset. */
async function probesAt(base: string, size: number): Promise<Probe[]> {
  const deep = Math.floor(size * 0.75);
  const deepPage = JSON.parse((await get(`${base}/api/v1/issues?limit=50&offset=${deep - 50}`)).body) as { nextCursor: string | null };
  if (!deepPage.nextCursor) throw new Error('the deep page has no nextCursor');
  return [
    { name: 'GET /issues?limit=50', path: '/api/v1/issues?limit=50', target: 20, peer: 13.8 },
    { name: '  &status=todo', path: '/api/v1/issues?limit=50&status=todo', target: 20, peer: 79.8 },
    { name: '  &q=scale', path: '/api/v1/issues?limit=50&q=scale', target: 40 },
    { name: '  &offset= (¾ deep)', path: `/api/v1/issues?limit=50&offset=${deep}` },
    { name: '  &cursor= (¾ deep)', path: `/api/v1/issues?limit=50&cursor=${deepPage.nextCursor}`, target: 20 },
    { name: 'GET /dispatch/queue?limit=50', path: '/api/v1/dispatch/queue?limit=50', target: 20, peer: 143.6 },
    { name: 'GET /dashboard/stats', path: '/api/v1/dashboard/stats', target: 20, peer: 11.8 },
    { name: 'GET /dashboard/activity', path: '/api/v1/dashboard/activity', target: 40 },
  ];
}

/**
 * Waits until no other statement runs on the database: a load run ends with requests still queued in
 * the server (ten deep-offset pages take seconds to finish), which the next probe's sequential requests
 * would otherwise wait behind.
 */
export async function settle(client: pg.Client): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    const { rows } = await client.query<{ busy: number }>(
      `select count(*)::int as busy from pg_stat_activity
       where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`,
    );
    if (rows[0]!.busy === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function measureScale(
  base: string,
  size: number,
  options: { connections: number; durationSeconds: number; samples: number; settle: () => Promise<void> },
) {
  const results: ScaleResult[] = [];
  for (const probe of await probesAt(base, size)) {
    await options.settle();
    const times: number[] = [];
    for (let i = 0; i < options.samples + 3; i++) {
      const { ms, status, body } = await get(base + probe.path);
      if (status !== 200) throw new Error(`${probe.path} → ${status}: ${body.slice(0, 200)}`);
      if (i >= 3) times.push(ms);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const { requestsPerSecond, result } = await timedRun({
      url: base,
      connections: options.connections,
      duration: options.durationSeconds,
      requests: [{ method: 'GET', path: probe.path, headers: auth }],
    });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${probe.path}: ${result.non2xx} non-2xx, ${result.errors} errors under load`);
    results.push({ size, name: probe.name, median: Number(median.toFixed(1)), requestsPerSecond, target: probe.target, peer: probe.peer });
    console.log(`  ${size} issues  ${probe.name.padEnd(30)} p50 ${median.toFixed(1).padStart(7)} ms  ${String(requestsPerSecond).padStart(6)} req/s`);
  }
  return results;
}

/** Both sizes side by side: median (target), growth of the median, rate under load. */
export function formatScale(sizes: number[], results: ScaleResult[]): string {
  const names = [...new Set(results.map((r) => r.name))];
  const header = ['request'.padEnd(32), ...sizes.map((s) => `${s.toLocaleString('en')} issues: p50 ms, req/s`.padStart(34)), 'growth', 'target', 'vs peer (≥ 5×)'];
  const lines = [header.join('  ')];
  for (const name of names) {
    const row = sizes.map((size) => results.find((r) => r.name === name && r.size === size)!);
    const first = row[0]!;
    const last = row[row.length - 1]!;
    const met = last.target === undefined ? 'no target: follow nextCursor' : `≤ ${last.target} ms ${last.median <= last.target ? 'met' : 'MISSED'}`;
    lines.push(
      [
        name.padEnd(32),
        ...row.map((r) => `${r.median.toFixed(1).padStart(8)} ${String(r.requestsPerSecond).padStart(7)}`.padStart(34)),
        `×${(last.median / first.median).toFixed(1)}`.padStart(6),
        met.padEnd(28),
        last.peer === undefined ? '' : `×${(last.requestsPerSecond / last.peer).toFixed(1)} ${last.requestsPerSecond >= 5 * last.peer ? 'met' : 'MISSED'}`,
      ].join('  '),
    );
  }
  return lines.join('\n');
}
