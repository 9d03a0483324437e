import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/http/router';
import { errorResponses, jsonBody, jsonContent } from '../../src/http/schemas';
import { buildOpenApiDocument } from '../../src/openapi/document';
import { Tag } from '../../src/openapi/tag-names';
import { ResponseValidator } from './support/response-validator';

// Unit tests of the document build on small apps of their own: the rules must hold for routes that
// do not exist yet, not only for today's.

const Thing = z.object({ id: z.string(), name: z.string() }).openapi('Thing');
const ThingDetail = Thing.extend({ parts: z.array(z.string()) }).openapi('ThingDetail');

function appWith(...routes: ReturnType<typeof createRoute>[]) {
  const app = createRouter();
  for (const route of routes) app.openapi(route, (c) => c.json({}, 200));
  return app;
}

describe('buildOpenApiDocument', () => {
  it('keeps a named schema non-null when a route uses it as nullable first', () => {
    const pair = z.object({ maybe: Thing.nullable(), surely: Thing, described: Thing.nullable().openapi({ description: 'or none' }) });
    const app = appWith(
      createRoute({ method: 'get', path: '/api/v1/pairs', responses: { 200: jsonContent(pair, 'A pair') } }),
      createRoute({ method: 'get', path: '/api/v1/things', responses: { 200: jsonContent(Thing, 'A thing') } }),
    );
    const document = buildOpenApiDocument(app);

    expect(document.components?.schemas?.Thing).toMatchObject({ type: 'object' });
    const properties = document.paths!['/api/v1/pairs']!.get!.responses!['200'].content['application/json'].schema.properties;
    expect(properties.surely).toEqual({ $ref: '#/components/schemas/Thing' });
    expect(properties.maybe).toEqual({ anyOf: [{ $ref: '#/components/schemas/Thing' }, { type: 'null' }] });
    expect(properties.described).toEqual({
      anyOf: [{ $ref: '#/components/schemas/Thing' }, { type: 'null' }],
      description: 'or none',
    });
  });

  it('adds the wall’s errors to /api/v1 operations, without replacing what a route declares', () => {
    const app = appWith(
      createRoute({
        method: 'post',
        path: '/api/v1/things',
        request: { body: jsonBody(z.strictObject({ name: z.string() })) },
        responses: { 201: jsonContent(Thing, 'Created'), ...errorResponses(409) },
      }),
      createRoute({ method: 'get', path: '/api/v1/things', responses: { 200: jsonContent(Thing, 'A thing') } }),
      createRoute({
        method: 'get',
        path: '/api/v1/things/{id}',
        request: { params: z.object({ id: z.string() }) },
        responses: { 200: jsonContent(Thing, 'A thing'), 401: jsonContent(Thing, 'Declared by the route') },
      }),
    );
    const document = buildOpenApiDocument(app);
    const post = document.paths?.['/api/v1/things']?.post;
    const list = document.paths?.['/api/v1/things']?.get;
    const one = document.paths?.['/api/v1/things/{id}']?.get;

    expect(Object.keys(post!.responses!)).toEqual(['201', '400', '401', '409', '413', '415', '422', '500', '503']);
    expect(post!.responses!['401'].headers['WWW-Authenticate']).toBeDefined();
    expect(post!.responses!['503'].headers['Retry-After']).toBeDefined();
    expect(post!.responses!['500'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    // No input, nothing to validate: no 400 or 422.
    // And no body to read: no 413 or 415 either.
    expect(Object.keys(list!.responses!)).toEqual(['200', '401', '500', '503']);
    // A path parameter can fail validation (422); the route's own 401 stays, with the challenge added.
    expect(Object.keys(one!.responses!)).toEqual(['200', '401', '422', '500', '503']);
    expect(one!.responses!['401'].description).toBe('Declared by the route');
    expect(one!.responses!['401'].headers['WWW-Authenticate']).toBeDefined();
    expect(document.components?.schemas?.Error).toBeDefined();
  });

  it('marks operations outside /api/v1 public and gives them only the generic 500', () => {
    const app = appWith(createRoute({ method: 'get', path: '/status', responses: { 200: jsonContent(Thing, 'Up') } }));
    const operation = buildOpenApiDocument(app).paths?.['/status']?.get;
    expect(operation!.security).toEqual([]);
    expect(Object.keys(operation!.responses!)).toEqual(['200', '500']);
  });

  it('documents 413 and 415 on every method that carries a body, even one whose route reads none', () => {
    const app = appWith(
      createRoute({ method: 'post', path: '/api/v1/things/{id}/touch', request: { params: z.object({ id: z.string() }) }, responses: { 200: jsonContent(Thing, 'Touched') } }),
      createRoute({ method: 'delete', path: '/api/v1/things/{id}', request: { params: z.object({ id: z.string() }) }, responses: { 204: { description: 'Gone' } } }),
    );
    const document = buildOpenApiDocument(app);
    expect(Object.keys(document.paths!['/api/v1/things/{id}/touch']!.post!.responses!)).toEqual(['200', '401', '413', '415', '422', '500', '503']);
    expect(Object.keys(document.paths!['/api/v1/things/{id}']!.delete!.responses!)).toEqual(['204', '401', '422', '500', '503']);
  });

  it('declares each tag used once, in the order of the tag table, each with its description', () => {
    const app = appWith(
      createRoute({ method: 'get', path: '/api/v1/b', tags: [Tag.projects], responses: { 200: jsonContent(Thing, 'B') } }),
      createRoute({ method: 'get', path: '/api/v1/a', tags: [Tag.issues, Tag.projects], responses: { 200: jsonContent(Thing, 'A') } }),
    );
    const tags = buildOpenApiDocument(app).tags!;
    expect(tags.map((tag) => tag.name)).toEqual(['Issues', 'Projects']);
    expect(tags.every((tag) => tag.description)).toBe(true);
  });

  it('refuses a tag spelled outside the tag table, which would have no description', () => {
    const app = appWith(createRoute({ method: 'get', path: '/api/v1/a', tags: ['Brand new'], responses: { 200: jsonContent(Thing, 'A') } }));
    expect(() => buildOpenApiDocument(app)).toThrow(/without a description.*Brand new/);
  });

  it('reports a generator failure as an Error, so the app answers the 500 envelope', () => {
    const header = z.object({ 'x-key': z.string().openapi({ param: { name: 'X-Key', in: 'header' } }) });
    const app = appWith(
      createRoute({ method: 'get', path: '/api/v1/clash', request: { headers: header }, responses: { 200: jsonContent(Thing, 'A') } }),
    );
    expect(() => buildOpenApiDocument(app)).toThrow(/OpenAPI document generation failed/);
  });
});

describe('the contract test’s response validator', () => {
  const app = appWith(
    createRoute({ method: 'get', path: '/api/v1/things/{id}', request: { params: z.object({ id: z.string() }) }, responses: { 200: jsonContent(z.object({ data: ThingDetail, seenAt: z.iso.datetime(), previous: Thing.nullable() }), 'One') } }),
  );
  const validator = new ResponseValidator(buildOpenApiDocument(app));
  const check = (body: unknown) => validator.check('/api/v1/things/{id}', 'GET', '200', body);
  const valid = { data: { id: 'a', name: 'A', parts: [] }, seenAt: '2026-11-22T12:00:00.000Z', previous: null };

  it('accepts a body as documented, including the base fields of an extended schema and a null', () => {
    expect(check(valid)).toEqual({ ok: true, problems: [] });
    expect(check({ ...valid, previous: { id: 'b', name: 'B' } }).ok).toBe(true);
  });

  it('rejects a field the document does not mention, at any depth', () => {
    expect(check({ ...valid, leaked: true }).problems).toEqual(['(root) must NOT have unevaluated properties (leaked)']);
    expect(check({ ...valid, data: { ...valid.data, deletedAt: null } }).ok).toBe(false);
    expect(check({ ...valid, previous: { id: 'b', name: 'B', keyHash: 'x' } }).ok).toBe(false);
  });

  it('rejects a missing field, a wrong type and a malformed timestamp', () => {
    expect(check({ ...valid, data: { id: 'a', parts: [] } }).ok).toBe(false);
    expect(check({ ...valid, data: { ...valid.data, parts: 'none' } }).ok).toBe(false);
    expect(check({ ...valid, seenAt: 'yesterday' }).ok).toBe(false);
  });

  it('reports a status the operation does not document', () => {
    expect(validator.check('/api/v1/things/{id}', 'GET', '418', {}).ok).toBe(false);
  });
});
