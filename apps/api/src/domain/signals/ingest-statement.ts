import { getTableColumns, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { prepared } from '../../db/prepared';
import { issues, signals } from '../../db/schema';

/**
 * The values of one ingestion. Both ids are made by the caller (a `$defaultFn` would run once, when
 * the statement is built), the instant is ISO text and the payload JSON text, so no driver has to
 * guess a type and the statement's text never depends on a value.
 */
export interface IngestValues {
  signalId: string;
  issueId: string;
  source: string;
  sourceId: string | null;
  deliveryId: string | null;
  type: string;
  severity: string;
  payload: string;
  title: string;
  description: string | null;
  priority: number;
  projectId: string | null;
  now: string;
}

/**
 * Each value of `IngestValues` travels as one array over the batch, under its own name: the type of
 * its elements, in the order the statement unnests them.
 */
const elementTypes = {
  signalId: 'text',
  issueId: 'text',
  source: 'text',
  sourceId: 'text',
  deliveryId: 'text',
  type: 'text',
  severity: 'text',
  payload: 'text',
  title: 'text',
  description: 'text',
  priority: 'integer',
  projectId: 'text',
  now: 'timestamptz',
} as const satisfies Record<keyof IngestValues, string>;

const valueNames = Object.keys(elementTypes) as (keyof IngestValues)[];

/** The placeholders' values for a batch: one array per value, in the batch's order. */
export function batchValues(batch: readonly IngestValues[]): Record<keyof IngestValues, unknown[]> {
  return Object.fromEntries(valueNames.map((name) => [name, batch.map((input) => input[name])])) as Record<keyof IngestValues, unknown[]>;
}

/** The one ingestion statement, prepared once per database: see `ingestSignal`. */
export const ingestStatement = (db: DB) => prepared(db, 'signal_ingest', (name) => buildIngestStatement(db).prepare(name));

/**
 * A batch of signals and their triage issues in one statement (ADR 0054). Each input is one row of
 * the unnested arrays; its named project is looked up by primary key (a deleted one counts as
 * missing) and an input whose project is missing writes nothing. The signals go first, so that
 * `on conflict do nothing` decides which issues are written at all: a repeated key inserts neither
 * row, without an error that would abort a caller's transaction or the rest of the batch, and of
 * two inputs of the batch with one key, the earlier wins. The issues are inserted from the signals'
 * returned rows, in the batch's order (their numbers follow it); the signals' foreign key to them is
 * checked at the end of the statement, when both exist. One row comes back per input, with neither
 * row for a repeat (the caller reads the earlier delivery back: ADR 0051).
 *
 * The signals are inserted in key order: two processes' batches that share keys then wait for each
 * other's keys in the same order, never in a circle (a deadlock).
 */
function buildIngestStatement(db: DB) {
  const arrays = valueNames.map((name) => sql`${sql.placeholder(name)}::${sql.raw(elementTypes[name])}[]`);
  // Rows are found by primary key and their `deleted_at` judged after: with `deleted_at is null` in
  // the condition, a generic plan made while the tables are empty (a fresh deployment) can pick a
  // partial index that merely contains the id — a walk of every live row, for as long as the
  // connection keeps its plan. Without it, only the primary key matches.
  //
  // These selections only name each CTE's columns for Drizzle; the rows come from the CTE's own SQL.
  // `returning *` is read back through the tables' columns, so it decodes exactly as a select does.
  const refs = db
    .$with('refs', {
      signalId: sql<string>``.as('signal_id'),
      projectId: sql<string | null>``.as('found_project_id'),
    })
    .as(
      sql`select input.*,
          (select case when deleted_at is null then id end from projects where id = input.named_project_id) as found_project_id
        from unnest(${sql.join(arrays, sql`, `)}) with ordinality
          as input(signal_id, issue_id, source, source_id, delivery_id, type, severity, payload, title, description,
            priority, named_project_id, created_at, place)`,
    );
  const recorded = db.$with('recorded', getTableColumns(signals)).as(
    sql`insert into signals (id, source, source_id, delivery_id, type, severity, payload, issue_id, created_at)
      select refs.signal_id, refs.source, refs.source_id, refs.delivery_id, refs.type, refs.severity::severity,
        refs.payload::jsonb, refs.issue_id, refs.created_at
      from refs
      where refs.named_project_id is null or refs.found_project_id is not null
      order by refs.source, refs.delivery_id, refs.place
      on conflict (source, delivery_id) do nothing
      returning *`,
  );
  const created = db.$with('created', getTableColumns(issues)).as(
    sql`insert into issues (id, title, description, type, status, priority, project_id, signal_source, signal_payload,
        status_changed_at, created_at, updated_at)
      select recorded.issue_id, refs.title, refs.description, 'signal', 'triage', refs.priority, refs.found_project_id,
        recorded.source, recorded.payload, recorded.created_at, recorded.created_at, recorded.created_at
      from recorded join refs on refs.signal_id = recorded.id
      order by refs.place
      returning *`,
  );
  return db
    .with(refs, recorded, created)
    .select()
    .from(refs)
    .leftJoin(recorded, sql`${recorded.id} = ${refs.signalId}`)
    .leftJoin(created, sql`${created.id} = ${recorded.issueId}`);
}
