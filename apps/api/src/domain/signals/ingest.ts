import { and, eq } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { issues, type Severity, signals } from '../../db/schema';
import { newId } from '../../db/ids';
import { isDatabaseUnavailable, sqlState } from '../../db/driver-errors';
import { statisticsKeeper } from '../../db/fresh-statistics';
import { gateFor } from '../../db/gate';
import { invalidReference } from '../errors';
import { type IssueRow, presentIssue } from '../issues/present';
import { batchValues, type IngestValues, ingestStatement } from './ingest-statement';
import { presentSignal } from './present';
import type { IngestedSignal } from './schemas';
import { priorityBySeverity } from './severity';
import { deriveSignalTitle } from './title';

/** What every ingestion path (the API, each provider webhook) hands to `ingestSignal`. */
export interface SignalInput {
  source: string;
  type: string;
  severity: Severity;
  payload: Record<string, unknown>;
  /** Else derived from the payload's `title`/`message`, else from source and type. */
  title?: string | undefined;
  /** Markdown for the triage issue, e.g. a link back to the provider. */
  description?: string | null | undefined;
  sourceId?: string | null | undefined;
  /** The idempotency key, unique per source. Without one, every call creates a signal. */
  deliveryId?: string | null | undefined;
  projectId?: string | null | undefined;
}

export interface IngestResult {
  signal: IngestedSignal['signal'];
  issue: IngestedSignal['issue'];
  duplicate: boolean;
}

/**
 * How many ingestion statements one database handle (one process) runs at once (ADR 0054). The
 * ingestions that arrive while it runs wait and then share the next statement and its commit, which
 * costs PostgreSQL a fraction of a statement each; a second statement in flight only splits them
 * into smaller batches (measured: 2,440 ingestions/s with one slot, 2,250 with two, 1,950 with three).
 */
export const ingestSlots = 1;

/** How many waiting ingestions share a statement. */
export const ingestBatchSize = 16;

/** The ingest gate of `db`: each app (each test's database) has its own. */
export const ingestGate = (db: DB) => gateFor(db, 'ingest', ingestSlots, ingestBatchSize);

/**
 * Writes a signal and its triage issue — both or neither — in one statement, so one round trip and
 * no BEGIN/COMMIT of its own (ingest-statement.ts): it checks the named project, inserts the signal
 * unless its key was delivered before, and inserts the issue only with a new signal. Ingestions that
 * wait for the gate together share the statement, and its commit (ADR 0054).
 *
 * Idempotency rests on the unique `(source, delivery_id)` constraint, not on a prior lookup: the
 * signal insert says `on conflict do nothing`, so a repeat inserts nothing at all, and of two racing
 * identical deliveries the second waits until the first commits. One more read, after the
 * statement, answers a repeat with the original: a later statement sees it even when the insert's
 * own snapshot, taken before the winner committed, could not (ADR 0051). A repeat therefore never
 * produces a second row or a 500, and never aborts a caller's transaction.
 */
export async function ingestSignal(db: DB, input: SignalInput, now: Date): Promise<IngestResult> {
  const values: IngestValues = {
    signalId: newId(),
    issueId: newId(),
    source: input.source,
    sourceId: input.sourceId ?? null,
    deliveryId: input.deliveryId ?? null,
    type: input.type,
    severity: input.severity,
    payload: JSON.stringify(input.payload),
    title: deriveSignalTitle(input),
    description: input.description ?? null,
    priority: priorityBySeverity[input.severity],
    projectId: input.projectId || null,
    now: now.toISOString(),
  };
  const outcome = await ingestGate(db).together('ingest', values, (batch) => ingestBatch(db, batch));
  if ('error' in outcome) throw outcome.error;
  const { row } = outcome;
  if (values.projectId && !row.refs.projectId) throw invalidReference('projectId', 'project', values.projectId);
  if (row.recorded && row.created) {
    return { signal: presentSignal(row.recorded), issue: presentIssue(row.created), duplicate: false };
  }
  return findDelivery(db, input.source, input.deliveryId!);
}

type IngestRow = Awaited<ReturnType<ReturnType<typeof ingestStatement>['execute']>>[number];
type IngestOutcome = { row: IngestRow } | { error: unknown };

/**
 * The statement's row for each input of a batch, in the batch's order. A batch the database refuses
 * (an error it raised, so the statement wrote nothing) is tried again one input at a time: only the
 * input at fault, if any, fails. An error without a reply from the database (a lost connection)
 * fails the batch, since the statement may have committed.
 */
async function ingestBatch(db: DB, batch: IngestValues[]): Promise<IngestOutcome[]> {
  let rows: IngestRow[];
  try {
    rows = await ingestStatement(db).execute(batchValues(batch));
  } catch (error) {
    if (batch.length === 1 || sqlState(error) === undefined || isDatabaseUnavailable(error)) throw error;
    const outcomes: IngestOutcome[] = [];
    for (const values of batch) {
      outcomes.push(await ingestBatch(db, [values]).then(([outcome]) => outcome!, (alone: unknown) => ({ error: alone })));
    }
    return outcomes;
  }
  const written = rows.filter((row) => row.created).length;
  statisticsKeeper(db)?.wrote('issues', written);
  statisticsKeeper(db)?.wrote('signals', written);
  const bySignal = new Map(rows.map((row) => [row.refs.signalId, row]));
  return batch.map((values) => ({ row: bySignal.get(values.signalId)! }));
}

/** The signal a delivery already created, with its issue (null if the issue was deleted since). */
async function findDelivery(db: DB, source: string, deliveryId: string): Promise<IngestResult> {
  const [row] = await db
    .select({ signal: signals, issue: issues })
    .from(signals)
    .leftJoin(issues, eq(issues.id, signals.issueId))
    .where(and(eq(signals.source, source), eq(signals.deliveryId, deliveryId)))
    .limit(1);
  // The conflicting row committed before the insert gave up, so this later statement sees it.
  if (!row) throw new Error('A conflicting signal delivery could not be read back');
  return { signal: presentSignal(row.signal), issue: liveIssue(row.issue), duplicate: true };
}

/** Read by primary key alone (see ingest-statement.ts), so a deleted issue is dropped here. */
const liveIssue = (row: IssueRow | null) => (row && row.deletedAt === null ? presentIssue(row) : null);
