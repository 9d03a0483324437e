import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';
import { severityEnum } from './enums';
import { issues } from './issues';

export const signals = pgTable(
  'signals',
  {
    id: id(),
    source: text('source').notNull(),
    sourceId: text('source_id'),
    // The provider's delivery id (or the caller's idempotency key). NULLs stay distinct, so only
    // keyed deliveries are deduplicated.
    deliveryId: text('delivery_id'),
    type: text('type').notNull(),
    severity: severityEnum('severity').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    issueId: text('issue_id')
      .notNull()
      .references(() => issues.id),
    createdAt: createdAt(),
  },
  (t) => [
    unique('signals_source_delivery_id_key').on(t.source, t.deliveryId),
    unique('signals_issue_id_key').on(t.issueId),
    index('signals_payload_idx').using('gin', t.payload),
    index('signals_created_at_idx').on(t.createdAt, t.id),
    index('signals_source_idx').on(t.source, t.createdAt),
    index('signals_severity_idx').on(t.severity, t.createdAt),
  ],
);
