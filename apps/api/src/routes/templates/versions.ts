import { createRoute, z } from '@hono/zod-openapi';
import { CreateVersionBody, UpdateVersionBody, VersionSchema } from '../../domain/prompts/schemas';
import { createVersion, getVersion, listVersions, setVersionStatus } from '../../domain/prompts/versions';
import { createRouter } from '../../http/router';
import {
  commonErrors,
  errorResponses,
  itemEnvelope,
  jsonBody,
  jsonContent,
  listEnvelope,
} from '../../http/schemas';
import { paginationQuery } from '../../domain/common-schemas';
import { tags, templateParams, versionParams } from './params';

const list = createRoute({
  method: 'get',
  path: '/templates/{idOrSlug}/versions',
  operationId: 'listTemplateVersions',
  tags,
  summary: "List a template's versions, newest first",
  request: { params: templateParams, query: z.object(paginationQuery) },
  responses: { 200: jsonContent(listEnvelope(VersionSchema), 'A page of versions'), ...errorResponses(...commonErrors, 404) },
});

const create = createRoute({
  method: 'post',
  path: '/templates/{idOrSlug}/versions',
  operationId: 'createTemplateVersion',
  tags,
  summary: 'Add a version (a draft unless `status: "active"`); the content must compile',
  request: { params: templateParams, body: jsonBody(CreateVersionBody) },
  responses: { 201: jsonContent(itemEnvelope(VersionSchema), 'The new version'), ...errorResponses(...commonErrors, 404) },
});

const get = createRoute({
  method: 'get',
  path: '/templates/{idOrSlug}/versions/{versionId}',
  operationId: 'getTemplateVersion',
  tags,
  summary: 'Get one version',
  request: { params: versionParams },
  responses: { 200: jsonContent(itemEnvelope(VersionSchema), 'The version'), ...errorResponses(...commonErrors, 404) },
});

const update = createRoute({
  method: 'patch',
  path: '/templates/{idOrSlug}/versions/{versionId}',
  operationId: 'updateTemplateVersion',
  tags,
  summary: 'Promote (`active`; the previous active version retires) or retire a version',
  request: { params: versionParams, body: jsonBody(UpdateVersionBody) },
  responses: { 200: jsonContent(itemEnvelope(VersionSchema), 'The version'), ...errorResponses(...commonErrors, 404) },
});

export const versionRoutes = createRouter()
  .openapi(list, async (c) => {
    const page = c.req.valid('query');
    const { items, total } = await listVersions(c.var.db, c.req.valid('param').idOrSlug, page);
    return c.json({ data: items, total, ...page }, 200);
  })
  .openapi(create, async (c) => {
    const version = await createVersion(c.var.db, c.req.valid('param').idOrSlug, c.req.valid('json'), c.var.clock.now());
    return c.json({ data: version }, 201);
  })
  .openapi(get, async (c) => {
    const { idOrSlug, versionId } = c.req.valid('param');
    return c.json({ data: await getVersion(c.var.db, idOrSlug, versionId) }, 200);
  })
  .openapi(update, async (c) => {
    const { idOrSlug, versionId } = c.req.valid('param');
    const version = await setVersionStatus(c.var.db, idOrSlug, versionId, c.req.valid('json').status, c.var.clock.now());
    return c.json({ data: version }, 200);
  });
