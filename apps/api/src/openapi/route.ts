import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env';
import { ErrorSchema, errorResponses, jsonContent } from '../http/schemas';
import { acceptsJson } from '../middleware/accepts-json';
import { buildOpenApiDocument, type OpenApiDocument, openApiDocumentPath, serverEntry } from './document';
import { Tag } from './tag-names';

const OpenApiDocumentSchema = z
  .looseObject({
    openapi: z.string().openapi({ example: '3.1.0' }),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi({ description: 'An OpenAPI 3.1 document' });

const documentRoute = createRoute({
  method: 'get',
  path: openApiDocumentPath,
  operationId: 'getOpenApiDocument',
  tags: [Tag.openApi],
  summary: 'This OpenAPI 3.1 document (public)',
  description: 'Generated from the zod schemas that validate the requests. No key needed.',
  security: [],
  middleware: [acceptsJson()] as const,
  responses: { 200: jsonContent(OpenApiDocumentSchema, 'The document'), ...errorResponses(406) },
});

/**
 * Serves the document at `/api/v1/openapi.json`. Register it before the bearer wall: Hono runs
 * handlers in registration order, so this answers before the wall's middleware is reached.
 * The document is built on first request, when every router has been mounted, and then kept:
 * an app's routes do not change once it is built. Its `servers` entry names this deployment
 * (LOOP_URL, else the origin the request reached).
 */
export function serveOpenApiDocument(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (`loop_…`) created with POST /api/v1/api-keys, or the LOOP_API_KEY root key.',
  });
  // The completed responses refer to the error envelope, so it must be in the document even before
  // any route uses it.
  app.openAPIRegistry.register('Error', ErrorSchema);

  let document: OpenApiDocument | undefined;
  app.openapi(documentRoute, (c) => {
    document ??= buildOpenApiDocument(app);
    const server = serverEntry(c.var.env.LOOP_URL ?? new URL(c.req.url).origin);
    return c.json({ ...document, servers: [server] }, 200);
  });
}
