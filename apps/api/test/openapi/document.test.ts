import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusDescriptions } from '../../src/http/error-status';
import { renderOpenApiDocument } from '../../src/openapi/render';
import { Tag } from '../../src/openapi/tag-names';
import { createTestApp, type TestApp } from '../support/app';
import { documentedOperations, isBehindWall, type OpenApiDocument, resolveRef } from './support/document';
import { endpointsOf, routeKey } from './support/routes';

/**
 * Endpoints that are not part of the API and so stay out of the document: the reference page, its
 * script bundle, the web dashboard's pages and files (/app, ADR 0026) and the browser's favicon request. Everything else the app answers must be documented.
 */
// Besides the docs page and the dashboard: MCP's JSON-RPC endpoint, whose contract is the protocol's (specs/api.md, docs/mcp.md).
const notApi = new Set([
  'GET /docs',
  'GET /docs/assets/*',
  'GET /favicon.ico',
  'GET /app',
  'GET /app/*',
  'POST /mcp',
  'GET /mcp',
  'DELETE /mcp',
]);

/** Old paths still served for existing clients, left out of the document (each says why where it is defined). */
const deprecatedAliases = new Set(['GET /api/v1/templates/preview/{issueIdOrNumber}']);

/** Hono answers every HEAD with its GET, so a documented HEAD is answered when its GET is. */
const answeredKey = (key: string) => key.replace(/^HEAD /, 'GET ');

const camelCase = /^[a-z][a-zA-Z0-9]*$/;

const providers = ['github', 'sentry', 'posthog'];

describe('GET /api/v1/openapi.json', () => {
  let t: TestApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    t = await createTestApp();
    const response = await t.api.get('/api/v1/openapi.json', { key: null });
    expect(response.status).toBe(200);
    document = response.body;
  });
  afterAll(() => t.close());

  it('is public JSON: no key needed, and a wrong key does not matter either', async () => {
    const response = await t.api.get('/api/v1/openapi.json', { key: 'loop_not-a-real-key-at-all' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'Loop API', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document) as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the validator is real: it rejects a broken document', async () => {
    const broken = structuredClone(document) as any;
    const [firstPath] = Object.keys(broken.paths);
    broken.paths[firstPath!].get = { responses: { 200: { content: 'not a media map' } } };
    const result = await new Validator().validate(broken);
    expect(result.valid).toBe(false);
  });

  it('documents every endpoint the app answers, and nothing it does not', () => {
    const documented = new Set(documentedOperations(document).map(({ key }) => key));
    const endpoints = endpointsOf(t.app).map(routeKey);
    const undocumented = endpoints.filter((key) => !documented.has(key) && !notApi.has(key) && !deprecatedAliases.has(key));
    expect(undocumented, 'routes missing from the OpenAPI document').toEqual([]);
    const stale = [...documented].filter((key) => !endpoints.includes(answeredKey(key)));
    expect(stale, 'documented operations no route answers').toEqual([]);
  });

  it('lists the three provider webhooks under paths, public to bearer keys', () => {
    for (const provider of providers) {
      const operation = document.paths?.[`/webhooks/${provider}`]?.post;
      expect(operation, `POST /webhooks/${provider}`).toBeDefined();
      expect(operation!.security?.some((requirement) => 'bearerAuth' in requirement) ?? false).toBe(false);
      expect(operation!.tags?.length).toBeGreaterThan(0);
    }
  });

  it('declares the bearer scheme and requires it on every /api/v1 operation but this document', () => {
    expect(document.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    for (const { key, path, operation } of documentedOperations(document)) {
      const inherited = operation.security === undefined;
      const requiresBearer = inherited || operation.security!.some((requirement) => 'bearerAuth' in requirement);
      expect(requiresBearer, key).toBe(isBehindWall(path));
    }
  });

  it('gives every /api/v1 operation the wall’s responses: 401 with its challenge, 500, 503 (and 413, 415 with a body)', () => {
    for (const { key, path, method, operation } of documentedOperations(document)) {
      if (!isBehindWall(path)) continue;
      const statuses = ['POST', 'PUT', 'PATCH'].includes(method) ? ['401', '413', '415', '500', '503'] : ['401', '500', '503'];
      for (const status of statuses) expect(operation.responses?.[status], `${key} ${status}`).toBeDefined();
      expect(operation.responses?.['401'].headers?.['WWW-Authenticate'], key).toBeDefined();
      if (operation.requestBody) {
        expect(operation.responses?.['400'], `${key} 400`).toBeDefined();
        expect(operation.responses?.['422'], `${key} 422`).toBeDefined();
      }
    }
  });

  it('describes every error response of the API with the error envelope', () => {
    for (const { key, path, operation } of documentedOperations(document)) {
      if (!isBehindWall(path) && !path.startsWith('/webhooks/')) continue;
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (Number(status) < 400) continue;
        const schema = resolveRef(document, response).content?.['application/json']?.schema;
        expect(schema, `${key} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
  });

  it('gives every operation a summary, a success response and a declared tag', () => {
    const declared = new Set((document.tags ?? []).map((tag) => tag.name));
    for (const { key, operation } of documentedOperations(document)) {
      expect(operation.summary, key).toBeTruthy();
      expect(Object.keys(operation.responses ?? {}).some((status) => /^2/.test(status)), key).toBe(true);
      expect(operation.tags?.length, key).toBeGreaterThan(0);
      for (const tag of operation.tags ?? []) expect(declared.has(tag), `${key} tag ${tag}`).toBe(true);
    }
  });

  it('declares exactly the tags its operations use, and every tag of the tag table is used', () => {
    const used = new Set(documentedOperations(document).flatMap(({ operation }) => operation.tags ?? []));
    const declared = (document.tags ?? []).map((tag) => tag.name);
    expect(new Set(declared)).toEqual(used);
    expect(new Set(Object.values(Tag))).toEqual(used);
  });

  it('describes every error response in the words of the status table, whatever added it', () => {
    let described = 0;
    for (const { key, operation } of documentedOperations(document)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const schema = (response as { content?: Record<string, { schema?: { $ref?: string } }> }).content?.['application/json']?.schema;
        if (schema?.$ref !== '#/components/schemas/Error') continue;
        expect((response as { description: string }).description, `${key} ${status}`).toBe(
          statusDescriptions[Number(status) as keyof typeof statusDescriptions],
        );
        described++;
      }
    }
    expect(described).toBeGreaterThan(100);
  });

  it('takes JSON request bodies, required, each described by a schema', () => {
    for (const { key, operation } of documentedOperations(document)) {
      if (!operation.requestBody) continue;
      const body = resolveRef(document, operation.requestBody) as { required?: boolean; content?: Record<string, { schema?: unknown }> };
      expect(body.required, key).toBe(true);
      expect(body.content?.['application/json']?.schema, key).toBeDefined();
    }
  });

  it('is what `npm run openapi:export` writes: the same generator, independent of the environment', () => {
    const { servers: _served, ...rest } = document;
    const { servers: _committed, ...committed } = JSON.parse(renderOpenApiDocument()) as OpenApiDocument;
    expect(rest).toEqual(committed);
  });

  it('names the deployment that serves it as its server: LOOP_URL, else the origin it was asked on', async () => {
    expect(document.servers).toEqual([{ url: 'http://loop.test', description: 'This deployment' }]);
    const unnamed = await createTestApp({ env: { LOOP_URL: undefined } });
    try {
      const served = (await unnamed.api.get('/api/v1/openapi.json', { key: null })).body as OpenApiDocument;
      expect(served.servers).toEqual([{ url: 'http://localhost', description: 'This deployment' }]);
    } finally {
      await unnamed.close();
    }
  });

  it('names every operation with a unique camelCase operationId (the typed client’s names)', () => {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const { key, operation } of documentedOperations(document)) {
      const id = operation.operationId;
      if (!id || !camelCase.test(id)) problems.push(`${key}: operationId ${JSON.stringify(id)} is not camelCase`);
      else if (seen.has(id)) problems.push(`${key}: operationId ${id} is also ${seen.get(id)}`);
      else seen.set(id, key);
    }
    expect(problems, 'set operationId in the route’s createRoute').toEqual([]);
  });

  it('documents a client error (4xx) on every operation', () => {
    const without = documentedOperations(document)
      .filter(({ operation }) => !Object.keys(operation.responses ?? {}).some((status) => /^4/.test(status)))
      .map(({ key }) => key);
    expect(without).toEqual([]);
  });

  it('documents 400, 413 and 415 only where there is a body to read', () => {
    for (const { key, method, operation } of documentedOperations(document)) {
      if (['POST', 'PUT', 'PATCH'].includes(method)) continue;
      for (const status of ['400', '413', '415']) expect(operation.responses?.[status], `${key} ${status}`).toBeUndefined();
    }
  });

  it('shows an example of every /api/v1 request body (on the body, its schema, or each required field)', () => {
    const withoutExample: string[] = [];
    for (const { key, path, operation } of documentedOperations(document)) {
      if (!isBehindWall(path) || !operation.requestBody) continue;
      const media = (resolveRef(document, operation.requestBody) as { content: Record<string, any> }).content['application/json'];
      const schema = resolveRef(document, media.schema);
      const required: string[] = schema.required ?? [];
      const fieldsShown = required.length > 0 && required.every((name) => resolveRef(document, schema.properties?.[name])?.example !== undefined);
      if (media.example === undefined && media.examples === undefined && schema.example === undefined && !fieldsShown) {
        withoutExample.push(key);
      }
    }
    expect(withoutExample).toEqual([]);
  });

  it('is built once and served the same on every request', async () => {
    const again = await t.api.get('/api/v1/openapi.json', { key: null });
    expect(again.body).toEqual(document);
  });
});

describe('apps/api/openapi.json (committed)', () => {
  it('is exactly what the code generates (run `npm run openapi:export` after changing a route)', () => {
    const committedPath = fileURLToPath(new URL('../../openapi.json', import.meta.url));
    const committed = readFileSync(committedPath, 'utf8');
    const generated = renderOpenApiDocument();
    // Compare parsed first, for a readable diff of what changed, then byte for byte.
    expect(JSON.parse(committed)).toEqual(JSON.parse(generated));
    expect(committed).toBe(generated);
  });

});
