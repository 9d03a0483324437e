import { and, eq, isNull } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { issues, type Severity, signals } from '../../db/schema';
import { presentIssue } from '../issues/present';
import { requireReferencedProject } from '../projects/reference';
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

/** Thrown inside the transaction to roll back the issue written for a delivery that already exists. */
class DuplicateDelivery extends Error {}

/**
 * Writes a signal and its triage issue — both or neither — in one transaction: BEGIN, insert the
 * issue, insert the signal, COMMIT (plus one read when a project is named).
 *
 * Idempotency rests on the unique `(source, delivery_id)` constraint, not on a prior lookup: the
 * signal insert says `on conflict do nothing`, so of two racing identical deliveries the second
 * waits for the first to commit, inserts nothing, rolls its issue back and answers with the
 * original. A repeat therefore never produces a second row or a 500. (The rolled-back issue may
 * consume an issue number; numbers are never reused, and gaps are allowed.)
 */
export async function ingestSignal(db: DB, input: SignalInput, now: Date): Promise<IngestResult> {
  try {
    return await db.transaction(async (tx) => {
      const projectId = input.projectId ? await requireReferencedProject(tx, input.projectId) : null;
      const [issue] = await tx
        .insert(issues)
        .values({
          title: deriveSignalTitle(input),
          description: input.description ?? null,
          type: 'signal',
          status: 'triage',
          priority: priorityBySeverity[input.severity],
          projectId,
          signalSource: input.source,
          signalPayload: input.payload,
          statusChangedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const [signal] = await tx
        .insert(signals)
        .values({
          source: input.source,
          sourceId: input.sourceId ?? null,
          deliveryId: input.deliveryId ?? null,
          type: input.type,
          severity: input.severity,
          payload: input.payload,
          issueId: issue!.id,
          createdAt: now,
        })
        .onConflictDoNothing({ target: [signals.source, signals.deliveryId] })
        .returning();
      if (!signal) throw new DuplicateDelivery();
      return { signal: presentSignal(signal), issue: presentIssue(issue!), duplicate: false };
    });
  } catch (error) {
    if (!(error instanceof DuplicateDelivery)) throw error;
  }
  return findDelivery(db, input.source, input.deliveryId!);
}

/** The signal a delivery already created, with its issue (null if the issue was deleted since). */
async function findDelivery(db: DB, source: string, deliveryId: string): Promise<IngestResult> {
  const [row] = await db
    .select({ signal: signals, issue: issues })
    .from(signals)
    .leftJoin(issues, and(eq(issues.id, signals.issueId), isNull(issues.deletedAt)))
    .where(and(eq(signals.source, source), eq(signals.deliveryId, deliveryId)))
    .limit(1);
  // The conflicting row committed before our insert gave up, so it is visible now.
  if (!row) throw new Error('A conflicting signal delivery could not be read back');
  return { signal: presentSignal(row.signal), issue: row.issue ? presentIssue(row.issue) : null, duplicate: true };
}
