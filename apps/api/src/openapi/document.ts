import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import packageJson from '../../package.json';
import type { AppEnv } from '../http/app-env';
import { completeResponses } from './complete-responses';
import { namedSchemaDefinitions } from './named-schemas';
import { fixNullableReferences } from './nullable-references';
import { declareTags } from './tags';

/** Where the document is served; public, like `/health` and `/docs`. */
export const openApiDocumentPath = '/api/v1/openapi.json';

/** The server the committed document names; a served document names its own deployment instead. */
export const defaultServerUrl = 'http://localhost:4242';

export type OpenApiDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

const description = `Signals in, prioritized work and versioned prompts out.

**Authentication.** Every \`/api/v1\` route takes \`Authorization: Bearer <key>\`: a key created with
\`POST /api/v1/api-keys\` (\`loop_…\`) or the deployment's \`LOOP_API_KEY\` root key. The webhooks under
\`/webhooks\` are verified their provider's own way instead; \`/health\`, \`/\`, \`/docs\` and this document are public.

**Envelopes.** One item: \`{ data }\`. A list: \`{ data, total, limit, offset }\` (\`limit\` 1–200, default 50).
An error: \`{ error, code, details? }\`, where \`code\` is machine-readable and \`details\` lists each failing field
of a validation error.

**Bodies** are JSON (\`Content-Type: application/json\`, at most \`LOOP_BODY_LIMIT_BYTES\`, 1 MB by default).
Unknown and read-only fields are rejected with 422, so a typo never passes silently.`;

/**
 * The OpenAPI 3.1 document of an app built by `createApp`, generated from the zod schemas its routes
 * validate with, then completed with what the routes cannot declare themselves (the bearer wall's
 * errors, public operations, tag list). Served at `openApiDocumentPath` and exported to
 * `apps/api/openapi.json` by `npm run openapi:export`; both call this, so they cannot differ.
 */
export function buildOpenApiDocument(app: OpenAPIHono<AppEnv>, serverUrl = defaultServerUrl): OpenApiDocument {
  const document = generate(app, {
    openapi: '3.1.0',
    info: {
      title: 'Loop API',
      version: packageJson.version,
      description,
      license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
    },
    servers: [serverEntry(serverUrl)],
    security: [{ bearerAuth: [] }],
  });
  fixNullableReferences(document);
  completeResponses(document, openApiDocumentPath);
  declareTags(document);
  return document;
}

/** The `servers` entry: examples on the reference page and generated clients call this URL. */
export function serverEntry(url: string) {
  return url === defaultServerUrl
    ? { url, description: 'A local server (`npm start`); a deployment serves its own URL here (LOOP_URL)' }
    : { url, description: 'This deployment' };
}

/**
 * What `app.getOpenAPI31Document` does (the app has no base path), with the named schemas generated
 * first (see `namedSchemaDefinitions`). The generator throws plain objects (e.g. `ConflictError` for
 * two parameters of one name), which Hono's error handler would let through; as an Error it becomes a
 * logged 500 envelope.
 */
function generate(app: OpenAPIHono<AppEnv>, config: Parameters<OpenAPIHono['getOpenAPI31Document']>[0]): OpenApiDocument {
  const { definitions } = app.openAPIRegistry;
  try {
    return new OpenApiGeneratorV31([...namedSchemaDefinitions(definitions), ...definitions]).generateDocument(config);
  } catch (error) {
    if (error instanceof Error) throw error;
    throw new Error(`OpenAPI document generation failed: ${JSON.stringify(error)}`, { cause: error });
  }
}
