import { createRoute } from '@hono/zod-openapi';
import { ApiKeySchema, CreateApiKeyBody, CreatedApiKeySchema } from '../../domain/api-keys/schemas';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/api-keys/service';
import { createRouter } from '../../http/router';
import { requireRole } from '../../middleware/require-role';
import {
  commonErrors,
  errorResponses,
  idParam,
  itemEnvelope,
  jsonBody,
  jsonContent,
  listEnvelope,
} from '../../http/schemas';
import { paginationQuery } from '../../domain/common-schemas';
import { z } from '@hono/zod-openapi';
import { Tag } from '../../openapi/tag-names';

const tags = [Tag.apiKeys];

const list = createRoute({
  method: 'get',
  path: '/api-keys',
  operationId: 'listApiKeys',
  tags,
  summary: 'List API keys (never their secrets)',
  description: 'Admin keys only: an `agent` key gets 403 `forbidden` on every `/api-keys` route.',
  request: { query: z.object(paginationQuery) },
  responses: { 200: jsonContent(listEnvelope(ApiKeySchema), 'A page of keys'), ...errorResponses(...commonErrors, 403) },
});

const create = createRoute({
  method: 'post',
  path: '/api-keys',
  operationId: 'createApiKey',
  tags,
  summary: 'Create an API key; the plaintext is returned only here',
  description: '`role` is `admin` (the default) or `agent` (everything except `/api-keys`). Admin keys only.',
  request: { body: jsonBody(CreateApiKeyBody) },
  responses: { 201: jsonContent(itemEnvelope(CreatedApiKeySchema), 'The new key'), ...errorResponses(...commonErrors, 403) },
});

const revoke = createRoute({
  method: 'delete',
  path: '/api-keys/{id}',
  operationId: 'revokeApiKey',
  tags,
  summary: 'Revoke an API key at once',
  description: 'Admin keys only.',
  request: { params: idParam },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(...commonErrors, 403, 404) },
});

const router = createRouter();
// Paths, not '*': this router is mounted at the root of /api/v1, where '*' would fence every route.
router.use('/api-keys', requireRole('admin'));
router.use('/api-keys/*', requireRole('admin'));

export const apiKeyRoutes = router
  .openapi(list, async (c) => {
    const page = c.req.valid('query');
    const { items, total } = await listApiKeys(c.var.db, page);
    return c.json({ data: items, total, ...page }, 200);
  })
  .openapi(create, async (c) => {
    const key = await createApiKey(c.var.db, c.req.valid('json'));
    return c.json({ data: key }, 201);
  })
  .openapi(revoke, async (c) => {
    await revokeApiKey(c.var.db, c.req.valid('param').id, c.var.clock.now());
    return c.body(null, 204);
  });
