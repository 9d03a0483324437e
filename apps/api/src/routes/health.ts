import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import packageJson from '../../package.json';
import { createRouter } from '../http/router';
import { errorResponses, jsonContent } from '../http/schemas';
import { acceptsJson } from '../middleware/accepts-json';
import { Tag } from '../openapi/tag-names';

const HealthSchema = z.object({ ok: z.boolean(), db: z.enum(['up', 'down']) }).openapi('Health');

const health = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  tags: [Tag.service],
  summary: 'Check the service and its database',
  middleware: [acceptsJson()] as const,
  responses: {
    200: jsonContent(HealthSchema, 'The service and its database answer'),
    406: errorResponses(406)[406],
    503: jsonContent(HealthSchema, 'The database does not answer'),
  },
});

/**
 * Documentation only: Hono answers every HEAD with its GET's status and headers, without the body,
 * so probes that only read the status may use HEAD. Registered in the document, not as a route.
 */
const healthHead = createRoute({
  method: 'head',
  path: '/health',
  operationId: 'headHealth',
  tags: [Tag.service],
  summary: 'Check the service and its database (status only)',
  responses: {
    200: { description: 'The service and its database answer' },
    406: { description: 'The Accept header admits no JSON' },
    503: { description: 'The database does not answer' },
  },
});

const root = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getServiceInfo',
  tags: [Tag.service],
  summary: 'Name and version',
  middleware: [acceptsJson()] as const,
  responses: {
    ...errorResponses(406),
    200: jsonContent(
      z.object({ name: z.string(), version: z.string(), docs: z.string(), openapi: z.string() }),
      'The service identity',
    ),
  },
});

/** A health probe must answer even when the database hangs, so the check races a timeout. */
const healthTimeoutMs = 3_000;

async function databaseAnswers(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), healthTimeoutMs);
  });
  try {
    return await Promise.race([check().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export const serviceRoutes = createRouter();
serviceRoutes.openAPIRegistry.registerPath(healthHead);
serviceRoutes
  .openapi(health, async (c) => {
    const up = await databaseAnswers(() => c.var.db.execute(sql`select 1`));
    c.header('Cache-Control', 'no-store');
    return up ? c.json({ ok: true, db: 'up' as const }, 200) : c.json({ ok: false, db: 'down' as const }, 503);
  })
  .openapi(root, (c) =>
    c.json({ name: 'loop', version: packageJson.version, docs: '/docs', openapi: '/api/v1/openapi.json' }, 200),
  );
