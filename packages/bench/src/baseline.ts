import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const pgbench = join(process.env.LOOP_PG_BIN ?? '/usr/lib/postgresql/15/bin', 'pgbench');

/** The raw SQL of the API's operations: the ceiling the API is measured against. */
export const baselineScripts = {
  insert: `insert into issues (id, title, type, signal_payload) values (md5(random()::text || clock_timestamp()::text), 'Bench task', 'task', '{"message":"TypeError in checkout","count":3}'::jsonb);`,
  // Ingestion's own statement (domain/signals/ingest-statement.ts): the signal and its issue, keyed.
  ingest: `with recorded as (insert into signals (id, source, delivery_id, type, severity, payload, issue_id) select md5(random()::text || clock_timestamp()::text), 'bench', gen_random_uuid()::text, 'error-spike', 'high', '{"message":"TypeError in checkout","count":3}'::jsonb, md5(clock_timestamp()::text || random()::text) on conflict (source, delivery_id) do nothing returning *), created as (insert into issues (id, title, type, status, priority, signal_source, signal_payload) select issue_id, 'TypeError in checkout', 'signal', 'triage', 2, source, payload from recorded returning *) select * from recorded, created;`,
  primaryKey: `\\set n random(1, 1000)\nselect * from issues where number = :n and deleted_at is null;`,
  page: `select * from issues where deleted_at is null and status = 'todo' order by created_at desc, id desc limit 50;`,
  // The backlog's tasks (no project) through the queue index, as one of the claim's lists is read.
  claim: `update issues set status = 'in_progress', status_changed_at = now() where id = (select id from issues where deleted_at is null and (status = 'todo' or (status = 'triage' and type = 'signal')) and coalesce(project_id, '') = '' and type = 'task' order by priority, status_changed_at, number limit 1 for update skip locked) returning id;`,
} as const;
export type BaselineName = keyof typeof baselineScripts;

/**
 * Transactions per second of one script at the given concurrency, measured by pgbench: for `seconds`,
 * or for `{ transactions }` in all (split over the clients), which a claim from a small queue needs —
 * run for a fixed time, it would empty the queue and then time claims that find nothing.
 */
export async function pgbenchTps(
  url: string,
  script: BaselineName | { name: string; sql: string },
  clients: number,
  length: number | { transactions: number },
): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'loop-pgbench-'));
  const { name, sql } = typeof script === 'string' ? { name: script, sql: baselineScripts[script] } : script;
  const limit = typeof length === 'number' ? ['-T', String(length)] : ['-t', String(Math.max(1, Math.floor(length.transactions / clients)))];
  try {
    const file = join(dir, `${name}.sql`);
    await writeFile(file, `${sql}\n`);
    const { stdout } = await run(pgbench, ['-n', '-c', String(clients), '-j', '2', ...limit, '-f', file, url]);
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
    if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
    return Number(tps);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
