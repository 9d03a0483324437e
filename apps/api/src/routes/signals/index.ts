import { createRoute } from '@hono/zod-openapi';
import { invalidField } from '../../domain/errors';
import { ingestSignal } from '../../domain/signals/ingest';
import { getSignal, listSignals } from '../../domain/signals/queries';
import {
  CreateSignalBody,
  IdempotencyKeyHeader,
  IngestedSignalSchema,
  ListSignalsQuery,
  SignalWithIssueSchema,
} from '../../domain/signals/schemas';
import { createRouter } from '../../http/router';
import { commonErrors, cursorListEnvelope, errorResponses, idParam, itemEnvelope, jsonBody, jsonContent } from '../../http/schemas';
import { Tag } from '../../openapi/tag-names';

const tags = [Tag.signals];

const create = createRoute({
  method: 'post',
  path: '/signals',
  operationId: 'createSignal',
  tags,
  summary: 'Ingest a signal; creates its triage issue in the same transaction',
  description:
    'Idempotent per `source` + key (body `deliveryId` or the `Idempotency-Key` header; both and different → 422): a repeat ' +
    'returns the original with 200 and `duplicate: true`, also when repeats race.',
  request: { headers: IdempotencyKeyHeader, body: jsonBody(CreateSignalBody) },
  responses: {
    201: jsonContent(itemEnvelope(IngestedSignalSchema), 'The new signal and its triage issue'),
    200: jsonContent(itemEnvelope(IngestedSignalSchema), 'A repeat: the original signal and issue, `duplicate: true`'),
    ...errorResponses(...commonErrors),
  },
});

const list = createRoute({
  method: 'get',
  path: '/signals',
  operationId: 'listSignals',
  tags,
  summary: 'List signals, newest first',
  request: { query: ListSignalsQuery },
  responses: { 200: jsonContent(cursorListEnvelope(SignalWithIssueSchema), 'A page of signals'), ...errorResponses(...commonErrors) },
});

const get = createRoute({
  method: 'get',
  path: '/signals/{id}',
  operationId: 'getSignal',
  tags,
  summary: 'A signal with its triage issue (summary)',
  request: { params: idParam },
  responses: { 200: jsonContent(itemEnvelope(SignalWithIssueSchema), 'The signal'), ...errorResponses(...commonErrors, 404) },
});

export const signalsRoutes = createRouter()
  .openapi(create, async (c) => {
    const { deliveryId, ...input } = c.req.valid('json');
    const headerKey = c.req.valid('header')['idempotency-key'];
    if (deliveryId !== undefined && headerKey !== undefined && deliveryId !== headerKey) {
      throw invalidField('deliveryId', 'differs from the Idempotency-Key header; send one key, or the same key in both');
    }
    const result = await ingestSignal(c.var.db, { ...input, deliveryId: deliveryId ?? headerKey }, c.var.clock.now());
    const { signal, issue } = result;
    return result.duplicate
      ? c.json({ data: { signal, issue, duplicate: true as const } }, 200)
      : c.json({ data: { signal, issue } }, 201);
  })
  .openapi(list, async (c) => {
    const filter = c.req.valid('query');
    const { items, total, nextCursor } = await listSignals(c.var.db, filter);
    return c.json({ data: items, total, limit: filter.limit, offset: filter.offset, nextCursor }, 200);
  })
  .openapi(get, async (c) => {
    return c.json({ data: await getSignal(c.var.db, c.req.valid('param').id) }, 200);
  });

