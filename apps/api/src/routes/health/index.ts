import { createRoute, z } from '@hono/zod-openapi';
import packageJson from '../../../package.json';
import { probeSchema } from '../../db/schema-probe';
import { createRouter } from '../../http/router';
import { errorResponses, jsonContent } from '../../http/schemas';
import { acceptsJson } from '../../middleware/accepts-json';
import { Tag } from '../../openapi/tag-names';

const HealthSchema = z
  .object({
    ok: z.boolean().openapi({ description: 'true when the database answers and its schema is not behind the code' }),
    db: z.enum(['up', 'down']).openapi({ description: 'whether the database answered within 3 seconds' }),
    schema: z.enum(['current', 'behind', 'ahead', 'unknown']).openapi({
      description:
        'the database schema against the migrations shipped with this code: `current`; `behind` (migrations ' +
        'not applied: run `npm run db:migrate`); `ahead` (migrated by a newer version); `unknown` while the ' +
        'database is down',
    }),
  })
  .openapi('Health');

const health = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  tags: [Tag.service],
  summary: 'Check the service, its database and the database schema',
  description:
    'Public and cheap: the schema is read once, then trusted for a minute while it is current (a schema ' +
    'found behind is read again on every call). Answers 503 when the database does not answer or its ' +
    'schema is older than the code.',
  middleware: [acceptsJson()] as const,
  responses: {
    200: jsonContent(HealthSchema, 'The service and its database answer, and the schema is current (or ahead)'),
    406: errorResponses(406)[406],
    503: jsonContent(HealthSchema, 'The database does not answer (`db: "down"`) or its schema is behind (`schema: "behind"`)'),
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
  summary: 'Check the service, its database and the database schema (status only)',
  responses: {
    200: { description: 'The service and its database answer, and the schema is current (or ahead)' },
    406: { description: 'The Accept header admits no JSON' },
    503: { description: 'The database does not answer, or its schema is behind' },
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

/** What `check` answered, or undefined when it failed or took longer than the timeout. */
async function withinTimeout<T>(check: () => Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), healthTimeoutMs);
  });
  try {
    return await Promise.race([check(), timeout]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

export const serviceRoutes = createRouter();
serviceRoutes.openAPIRegistry.registerPath(healthHead);
serviceRoutes
  .openapi(health, async (c) => {
    const schema = await withinTimeout(() => probeSchema(c.var.db));
    c.header('Cache-Control', 'no-store');
    if (schema === undefined) return c.json({ ok: false, db: 'down' as const, schema: 'unknown' as const }, 503);
    return schema === 'behind'
      ? c.json({ ok: false, db: 'up' as const, schema }, 503)
      : c.json({ ok: true, db: 'up' as const, schema }, 200);
  })
  .openapi(root, (c) =>
    c.json({ name: 'loop', version: packageJson.version, docs: '/docs', openapi: '/api/v1/openapi.json' }, 200),
  );
