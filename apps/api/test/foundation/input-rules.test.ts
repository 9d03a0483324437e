import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxJsonDepth, nestsDeeperThan } from '../../src/http/json-text';
import { findNul, replaceNul } from '../../src/http/nul';
import { createTestApp, TEST_ROOT_KEY, TestClock, type TestApp } from '../support/app';
import { issueFixtures } from '../support/fixtures/issues';
import { tableSnapshot } from '../support/table-snapshot';

const nested = (depth: number, leaf = '1') => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;

describe('JSON nesting depth', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(nestsDeeperThan(nested(64), 64)).toBe(false);
    expect(nestsDeeperThan(nested(65), 64)).toBe(true);
    expect(nestsDeeperThan(`{"a":{"b":[{"c":"${'['.repeat(500)}"}]}}`, 4)).toBe(false);
    expect(nestsDeeperThan(`{"a":"\\"[[[[[[","b":[[[[[[1]]]]]]}`, 7)).toBe(false);
    expect(nestsDeeperThan(`{"a":"\\\\","b":[[[[[[1]]]]]]}`, 6)).toBe(true);
  });

  it('checks a body nested a million levels deep without overflowing', () => {
    expect(nestsDeeperThan(nested(1_000_000), maxJsonDepth)).toBe(true);
  });
});

describe('NUL in parsed JSON', () => {
  it('names the first key or string holding one, by its dotted path', () => {
    expect(findNul({ title: 'fine', payload: { list: ['ok', 'a\u0000b'] } })).toBe('payload.list.1');
    expect(findNul({ payload: { 'k\u0000': 1 } })).toBe('payload.k\\u0000');
    expect(findNul({ title: 'fine', n: 1, none: null })).toBeUndefined();
  });

  it('replaces it by U+FFFD in keys and strings, keeping everything else', () => {
    const replaced = replaceNul(JSON.parse('{"a\\u0000":["x\\u0000y",1,null,{"__proto__":"p"}],"b":true}'));
    expect(replaced).toEqual(JSON.parse('{"a\\ufffd":["x\\ufffdy",1,null,{"__proto__":"p"}],"b":true}'));
    expect(Object.getPrototypeOf((replaced as { 'a\ufffd': object[] })['a\ufffd'][3])).toBe(Object.prototype);
  });
});

describe('input the database cannot hold never reaches it', () => {
  let t: TestApp;
  let fixtures: ReturnType<typeof issueFixtures>;
  beforeAll(async () => {
    t = await createTestApp();
    fixtures = issueFixtures(t.api);
  });
  afterAll(() => t.close());

  /** Sends raw bytes as a JSON body, as a client that does not encode UTF-8 would. */
  async function postBytes(path: string, bytes: Uint8Array, method = 'POST') {
    const response = await t.app.request(path, {
      method,
      headers: { Authorization: `Bearer ${TEST_ROOT_KEY}`, 'Content-Type': 'application/json' },
      body: bytes,
    });
    return { status: response.status, body: (await response.json()) as { code: string; error: string; details?: unknown[] } };
  }

  it('answers a NUL in a body field with 422 naming the field, storing nothing', async () => {
    const before = await tableSnapshot(t.db);
    const response = await t.api.post('/api/v1/issues', '{"title":"a\\u0000b","type":"task"}');
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'title', message: expect.stringContaining('NUL') }] });
    expect(await tableSnapshot(t.db)).toEqual(before);
  });

  it('answers a NUL as a key or a value inside a JSON object field with 422 naming it', async () => {
    const signal = await t.api.post('/api/v1/signals', '{"source":"manual","type":"t","severity":"low","payload":{"k\\u0000":1}}');
    expect(signal.status).toBe(422);
    expect(signal.body.details).toEqual([{ field: 'payload.k\\u0000', message: expect.stringContaining('NUL') }]);

    const issue = await fixtures.anIssue();
    const patched = await t.api.patch(`/api/v1/issues/${issue.id}`, '{"signalPayload":{"trace":["ok","\\u0000"]}}');
    expect(patched.status).toBe(422);
    expect(patched.body.details).toEqual([{ field: 'signalPayload.trace.1', message: expect.any(String) }]);

    const template = await t.api.post('/api/v1/templates', '{"name":"T","slug":"nul-conditions","conditions":{"type":"\\u0000"}}');
    expect(template.status).toBe(422);
    expect(template.body.details[0].field).toBe('conditions.type');
  });

  it('answers a NUL in a path id with 404: it names no row', async () => {
    for (const path of ['/api/v1/issues/%00', '/api/v1/projects/a%00b', '/api/v1/templates/%00/versions']) {
      const response = await t.api.get(path);
      expect(response.status, path).toBe(404);
      expect(response.body.code).toBe('not_found');
    }
    const issue = await fixtures.anIssue();
    const patched = await t.api.patch(`/api/v1/issues/${issue.id}%00`, { title: 'Changed' });
    expect(patched.status).toBe(404);
    expect((await t.api.get(`/api/v1/issues/${issue.id}`)).body.data.title).toBe(issue.title);
  });

  it('answers a NUL in a filter with 422 naming the parameter', async () => {
    for (const [path, parameter] of [
      ['/api/v1/issues?projectId=%00', 'projectId'],
      ['/api/v1/issues?labelId=a%00', 'labelId'],
      ['/api/v1/issues?parentId=%00', 'parentId'],
      ['/api/v1/issues?q=%00', 'q'],
      ['/api/v1/signals?source=%00', 'source'],
      ['/api/v1/dispatch/next?projectId=%00', 'projectId'],
      ['/api/v1/dispatch/queue?projectId=%00', 'projectId'],
    ] as const) {
      const response = await t.api.get(path);
      expect(response.status, path).toBe(422);
      expect(response.body).toMatchObject({ code: 'validation_failed', details: [{ field: parameter }] });
    }
  });

  it('answers a body nested deeper than the limit with 422 naming the limit, before parsing it', async () => {
    const before = await tableSnapshot(t.db);
    for (const depth of [maxJsonDepth + 1, 10_000, 200_000]) {
      const response = await t.api.post('/api/v1/signals', `{"source":"manual","type":"t","severity":"low","payload":{"deep":${nested(depth - 2)}}}`);
      expect(response.status, `depth ${depth}`).toBe(422);
      expect(response.body).toMatchObject({ code: 'validation_failed', error: expect.stringContaining(`${maxJsonDepth} levels`) });
    }
    expect(await tableSnapshot(t.db)).toEqual(before);
  });

  it('accepts a body nested exactly to the limit', async () => {
    const response = await t.api.post('/api/v1/signals', `{"source":"manual","type":"t","severity":"low","payload":{"deep":${nested(maxJsonDepth - 2)}}}`);
    expect(response.status).toBe(201);
  });

  it('answers a body that is not valid UTF-8 with 400 malformed_json, storing nothing', async () => {
    const before = await tableSnapshot(t.db);
    const bytes = Uint8Array.from([...Buffer.from('{"name":"'), 0xff, 0xfe, ...Buffer.from('"}')]);
    const response = await postBytes('/api/v1/labels', bytes);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_json');
    expect(await tableSnapshot(t.db)).toEqual(before);
  });
});

describe('a JSON body', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reaches the route decoded once: no second web Response wraps its bytes', async () => {
    // Every Response built while the request is answered, with its body as given.
    const built: unknown[] = [];
    const Original = globalThis.Response;
    globalThis.Response = class Counted extends Original {
      constructor(...args: ConstructorParameters<typeof Response>) {
        super(...args);
        built.push(args[0]);
      }
    };
    try {
      const response = await t.api.post('/api/v1/signals', { source: 'manual', type: 'read-once', severity: 'low', payload: { n: 1 } });
      expect(response.status).toBe(201);
      expect(response.body.data.signal.payload).toEqual({ n: 1 });
    } finally {
      globalThis.Response = Original;
    }
    // The answer alone: a body decoded again through Hono's body cache would add a Response of its bytes.
    expect(built).toHaveLength(1);
    expect(JSON.parse(built[0] as string)).toHaveProperty('data.signal.type', 'read-once');
  });
});

describe('a request without the body its route requires', () => {
  let t: TestApp;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  async function withoutBody(method: string, path: string) {
    const response = await t.app.request(path, { method, headers: { Authorization: `Bearer ${TEST_ROOT_KEY}` } });
    return { status: response.status, body: (await response.json()) as { code: string; details: unknown[] } };
  }

  it('refuses a PATCH exactly as a POST, changing nothing', async () => {
    const template = (await t.api.post('/api/v1/templates', { name: 'Empty patch', slug: 'empty-patch' })).body.data;
    const before = await tableSnapshot(t.db);
    clock.advance(1_000);

    const post = await withoutBody('POST', '/api/v1/templates');
    const patch = await withoutBody('PATCH', `/api/v1/templates/${template.id}`);
    expect(post).toEqual({ status: 422, body: { code: 'validation_failed', error: expect.any(String), details: [{ field: '(root)', message: 'required' }] } });
    expect(patch).toEqual(post);
    expect(await tableSnapshot(t.db)).toEqual(before);
    expect((await t.api.get(`/api/v1/templates/${template.id}`)).body.data.updatedAt).toBe(template.updatedAt);
  });

  it('takes an empty object as an update that changes nothing, a template included', async () => {
    const template = (await t.api.post('/api/v1/templates', { name: 'Empty object', slug: 'empty-object' })).body.data;
    const before = await tableSnapshot(t.db);
    clock.advance(1_000);
    const response = await t.api.patch(`/api/v1/templates/${template.id}`, {});
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual(template);
    expect(await tableSnapshot(t.db)).toEqual(before);
  });
});
