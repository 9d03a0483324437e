import { z } from '@hono/zod-openapi';
import { severities } from '../../db/schema';
import { cursorPaginationQuery, isoTimestamp } from '../common-schemas';
import { IssueSchema, IssueSummarySchema } from '../issues/schemas';

export const SeveritySchema = z.enum(severities).openapi('Severity', {
  description: 'Maps to the triage issue priority: critical 1, high 2, medium 3, low 4',
});

const signalExample = {
  id: 'c1x9q8w7e6r5t4y3u2i1o0pa',
  source: 'sentry',
  sourceId: '4521',
  deliveryId: 'error:created:0d9b4c1e8f2a4b6c9e1f3a5b7c9d1e2f:b9a1c3d5-e7f9-4a1b-8c3d-5e7f9a1b3c5d',
  type: 'error',
  severity: 'high' as const,
  payload: { action: 'created', data: { error: { title: 'ZeroDivisionError: division by zero' } } },
  issueId: 'tz4a98xxat96iws9zmbrgj3a',
  createdAt: '2026-11-22T15:04:05.000Z',
};

/** A signal: its table's columns in camelCase. */
export const SignalSchema = z
  .object({
    id: z.string(),
    source: z.string().openapi({ example: 'sentry' }),
    sourceId: z.string().nullable().openapi({ description: 'The external entity, e.g. a Sentry issue id or owner/repo#123' }),
    deliveryId: z
      .string()
      .nullable()
      .openapi({ description: 'The idempotency key: unique per source, so a redelivery never creates a second signal' }),
    type: z.string().openapi({ example: 'workflow-failed' }),
    severity: SeveritySchema,
    payload: z.record(z.string(), z.unknown()).openapi({ description: 'The raw provider payload, kept whole' }),
    issueId: z.string(),
    createdAt: isoTimestamp,
  })
  .openapi('Signal', { example: signalExample });

/** What reads return: the signal with its triage issue's summary (null once that issue is deleted). */
export const SignalWithIssueSchema = SignalSchema.extend({ issue: IssueSummarySchema.nullable() }).openapi('SignalWithIssue', {
  example: {
    ...signalExample,
    issue: { id: signalExample.issueId, number: 12, title: 'ZeroDivisionError: division by zero', type: 'signal', status: 'triage', priority: 2 },
  },
});

/** The answer to an ingestion, from the API or a webhook. */
export const IngestedSignalSchema = z
  .object({
    signal: SignalSchema,
    issue: IssueSchema.nullable().openapi({
      description: 'The triage issue created with the signal (on a duplicate: the original, or null if it was deleted since)',
    }),
    duplicate: z
      .literal(true)
      .optional()
      .openapi({ description: 'Present on a repeat of an already-ingested delivery: nothing new was created' }),
  })
  .openapi('IngestedSignal');

const shortText = (max: number) => z.string().trim().min(1).max(max);

export const CreateSignalBody = z
  .strictObject({
    source: shortText(100).openapi({ description: 'github, sentry, posthog, manual, or any custom source', example: 'manual' }),
    type: shortText(100).openapi({ example: 'error-spike' }),
    severity: SeveritySchema,
    payload: z.record(z.string(), z.unknown()).openapi({ example: { message: 'Checkout error rate 4.2% (baseline 0.3%)' } }),
    title: shortText(500)
      .optional()
      .openapi({ description: "Else derived from payload.title or payload.message, else from source and type" }),
    sourceId: shortText(500).optional(),
    projectId: z.string().min(1).optional().openapi({ description: 'File the triage issue under this project' }),
    deliveryId: shortText(500)
      .optional()
      .openapi({ description: 'Idempotency key (or send the Idempotency-Key header); a repeat returns the original' }),
  })
  .openapi('CreateSignal', {
    example: {
      source: 'manual',
      type: 'error-spike',
      severity: 'high',
      payload: { message: 'Checkout error rate 4.2% (baseline 0.3%)' },
      deliveryId: 'incident-2026-11-22-checkout',
    },
  });

export const IdempotencyKeyHeader = z.object({
  'idempotency-key': shortText(500)
    .optional()
    .openapi({ description: 'Idempotency-Key: the same as body deliveryId (send either, or the same value in both)' }),
});

/** A comma-separated list of severities (`high,critical`); anything else is a 422. */
const severityList = z
  .string()
  .transform((value, ctx) => {
    const values = value.split(',').map((part) => part.trim());
    const unknown = values.filter((part) => !(severities as readonly string[]).includes(part));
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `must be one or more of ${severities.join(', ')}` });
      return z.NEVER;
    }
    return values as (typeof severities)[number][];
  })
  .optional()
  .openapi({ description: 'One severity or a comma-separated list', example: 'high,critical' });

export const ListSignalsQuery = z.object({
  source: z.string().min(1).optional().openapi({ example: 'github' }),
  severity: severityList,
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Only signals created at or after this instant (ISO 8601)', example: '2026-11-01T00:00:00Z' }),
  ...cursorPaginationQuery,
});

export type Signal = z.infer<typeof SignalSchema>;
export type SignalWithIssue = z.infer<typeof SignalWithIssueSchema>;
export type IngestedSignal = z.infer<typeof IngestedSignalSchema>;
export type CreateSignalInput = z.infer<typeof CreateSignalBody>;
export type ListSignalsFilter = z.output<typeof ListSignalsQuery>;
