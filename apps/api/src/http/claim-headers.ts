import { z } from '@hono/zod-openapi';

/**
 * Request headers of the claim protocol (ADR 0020). Hono hands headers to the validator with
 * lower-case names, so the schemas (and the document) use those; header names are case-insensitive.
 */

/** Printable ASCII, as header values travel; long enough for a UUID with a prefix, short enough to index. */
const idempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x20-\x7e]*$/, 'must be printable ASCII')
  .optional()
  .openapi({
    param: { in: 'header' },
    description:
      'One key per claim (e.g. a UUID). A repeat with the same key, from the same API key, while that claim is open ' +
      'answers that claim again (same dispatchId and prompt) instead of claiming another issue: retry with it, never without it.',
    example: 'c7b1e0a2-5d9f-4e43-9a6b-2f1c0d8e7a61',
  });

/** The claim a report belongs to: `meta.dispatchId` of the claim. */
const dispatchId = z
  .string()
  .min(1)
  .max(255)
  .optional()
  .openapi({
    param: { in: 'header' },
    description:
      "The claim this report belongs to (the claim's `meta.dispatchId`). When it is not the issue's open claim (expired, " +
      'closed, or another issue\'s) the request answers 409 `lease_lost` and changes nothing. Omit it when a person edits.',
    example: 'k3v9q2w8x7c6b5n4m3l2j1h0',
  });

export const ClaimHeaders = z.object({ 'idempotency-key': idempotencyKey });
export const ReportHeaders = z.object({ 'loop-dispatch-id': dispatchId });
