import { getTableColumns, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { prepared } from '../../db/prepared';
import { issues, signals } from '../../db/schema';

/**
 * The values of one ingestion, by placeholder name. Both ids are made by the caller (a `$defaultFn`
 * would run once, when the statement is built), the instant is ISO text and the payload JSON text,
 * so no driver has to guess a type and the statement's text never depends on a value.
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
  projectId?: string;
  now: string;
}

const value = (name: keyof IngestValues) => sql.placeholder(name);

/** One statement per shape (a project named or not), prepared once per database: see `ingestSignal`. */
export const ingestStatement = (db: DB, shape: { project: boolean }) =>
  prepared(db, shape.project ? 'signal_ingest_project' : 'signal_ingest', (name) => buildIngestStatement(db, shape).prepare(name));

/**
 * The signal first, so that its `on conflict do nothing` decides whether the issue is written at
 * all: a repeated key inserts neither row, without an error that would abort a caller's
 * transaction. The issue is inserted from the signal's returned row; the signal's foreign key to it
 * is checked at the end of the statement, when both exist. A repeat returns neither row; the
 * caller reads the earlier delivery back (ADR 0051: every new signal reads ~35 columns fewer).
 */
function buildIngestStatement(db: DB, shape: { project: boolean }) {
  // Rows are found by primary key and their `deleted_at` judged after: with `deleted_at is null` in
  // the condition, a generic plan made while the tables are empty (a fresh deployment) can pick a
  // partial index that merely contains the id — a walk of every live row, for as long as the
  // connection keeps its plan. Without it, only the primary key matches.

  // These selections only name each CTE's columns for Drizzle; the rows come from the CTE's own SQL.
  // `returning *` is read back through the tables' columns, so it decodes exactly as a select does.
  const refs = db
    .$with('refs', { projectId: sql<string | null>``.as('found_project_id') })
    .as(
      shape.project
        ? sql`select (select case when deleted_at is null then id end from projects where id = ${value('projectId')}) as found_project_id`
        : sql`select null::text as found_project_id`,
    );
  const recorded = db.$with('recorded', getTableColumns(signals)).as(
    sql`insert into signals (id, source, source_id, delivery_id, type, severity, payload, issue_id, created_at)
      select ${value('signalId')}::text, ${value('source')}::text, ${value('sourceId')}::text, ${value('deliveryId')}::text,
        ${value('type')}::text, ${value('severity')}::severity, ${value('payload')}::jsonb, ${value('issueId')}::text,
        ${value('now')}::timestamptz
      from refs${shape.project ? sql` where refs.found_project_id is not null` : sql``}
      on conflict (source, delivery_id) do nothing
      returning *`,
  );
  const created = db.$with('created', getTableColumns(issues)).as(
    sql`insert into issues (id, title, description, type, status, priority, project_id, signal_source, signal_payload,
        status_changed_at, created_at, updated_at)
      select recorded.issue_id, ${value('title')}::text, ${value('description')}::text, 'signal', 'triage',
        ${value('priority')}::integer, refs.found_project_id, recorded.source, recorded.payload,
        recorded.created_at, recorded.created_at, recorded.created_at
      from recorded, refs
      returning *`,
  );
  return db.with(refs, recorded, created).select().from(refs).leftJoin(recorded, sql`true`).leftJoin(created, sql`true`);
}
