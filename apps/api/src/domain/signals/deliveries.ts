import type { DB } from '../../db/database';
import { requireReferencedProject } from '../projects/reference';
import { ingestSignal, type IngestResult } from './ingest';
import type { ProviderOutcome } from './providers/outcome';

export type DeliveryResult =
  | { kind: 'ingested'; result: IngestResult }
  | { kind: 'ignored'; reason: string }
  | { kind: 'handshake'; handshake: string };

/**
 * Acts on a verified, normalised webhook delivery. The hook's `?projectId=` is checked for every
 * delivery — ignored events and handshakes included — so a hook pointed at a missing project fails
 * visibly (422) in the provider's delivery log from its very first ping.
 */
export async function receiveDelivery(
  db: DB,
  outcome: ProviderOutcome,
  options: { projectId: string | undefined; now: Date },
): Promise<DeliveryResult> {
  if (outcome.kind === 'signal') {
    // Ingestion checks the project itself, in its one statement.
    return { kind: 'ingested', result: await ingestSignal(db, { ...outcome.signal, projectId: options.projectId }, options.now) };
  }
  if (options.projectId !== undefined) await requireReferencedProject(db, options.projectId);
  return outcome;
}
