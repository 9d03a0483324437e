import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/domain/errors';
import { renderOpenApiDocument } from '../../src/openapi/render';
import { createTestApp, TEST_ROOT_KEY, type TestApp } from '../support/app';
import { testDatabaseMode } from '../support/database';
import { tableSnapshot } from '../support/table-snapshot';
import { documentedOperations, type OpenApiDocument } from '../openapi/support/document';
import { RequestPlanner } from '../openapi/support/exercise';
import { ResponseValidator } from '../openapi/support/response-validator';
import { scenarios, webhookSecrets } from '../openapi/support/scenarios';
import { type HostileRequest, HostileRequestBuilder } from './support/hostile-requests';

// Walked from the document the app generates, so a route added later is covered without a change here.
const document = JSON.parse(renderOpenApiDocument()) as OpenApiDocument;
const operations = documentedOperations(document);

/** What an error body must never carry: a stack, SQL or driver text, a secret. */
const leaks: [string, RegExp][] = [
  ['a stack trace', /\n\s+at |\.ts:\d+|node_modules/],
  ['SQL', /\b(select|insert|update|delete)\b.+\b(from|into|set)\b|SQLSTATE|syntax error at/i],
  ['driver text', /DrizzleQueryError|PGlite|postgres(ql)?:\/\/|ECONNREFUSED|relation "/i],
  ['a secret', new RegExp([TEST_ROOT_KEY, ...Object.values(webhookSecrets)].join('|'))],
];

/** Problems with a refusal's body: not the error envelope, or leaking what it must not. */
function refusalProblems(text: string, contentType: string): string[] {
  if (!/^application\/json/.test(contentType)) return [`not JSON (${contentType})`];
  const body = JSON.parse(text) as { error?: unknown; code?: unknown; details?: unknown };
  const problems: string[] = [];
  const envelope =
    typeof body.error === 'string' &&
    (errorCodes as readonly unknown[]).includes(body.code) &&
    (body.details === undefined || Array.isArray(body.details)) &&
    Object.keys(body).every((key) => ['error', 'code', 'details'].includes(key));
  if (!envelope) problems.push('not the error envelope');
  for (const [what, pattern] of leaks) if (pattern.test(text)) problems.push(`leaks ${what}`);
  return problems;
}

describe('hostile input: every documented operation', () => {
  let t: TestApp;
  let planner: RequestPlanner;
  let builder: HostileRequestBuilder;
  const statuses = new Map<number, number>();
  let sent = 0;
  let resent = 0;

  beforeAll(async () => {
    t = await createTestApp({ env: webhookSecrets });
    planner = new RequestPlanner(t.app, document);
    builder = new HostileRequestBuilder(document, new ResponseValidator(document));
  });

  afterAll(async () => {
    await t.close();
    // The totals, for the record: printed, and kept in artifacts/ per database mode.
    const tally = {
      mode: testDatabaseMode(),
      requests: sent,
      statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
      // Refusals of schema-valid values, sent a second time around a table snapshot (not in `statuses`).
      resent,
    };
    console.log(`hostile input: ${JSON.stringify(tally)}`);
    const artifacts = join(dirname(fileURLToPath(import.meta.url)), '../../../../artifacts');
    await mkdir(artifacts, { recursive: true });
    await writeFile(join(artifacts, `hostile-input-${tally.mode}.json`), `${JSON.stringify(tally, null, 2)}\n`);
  });

  async function send(request: HostileRequest, again = false) {
    // A body goes with its Content-Length, as every HTTP/1.1 client sends it.
    const length = request.body === undefined ? undefined : Buffer.byteLength(request.body);
    const response = await t.app.request(request.url, {
      method: request.method,
      headers: length === undefined ? request.headers : { ...request.headers, 'Content-Length': String(length) },
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const text = await response.text();
    if (again) {
      resent++;
    } else {
      sent++;
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    return { status: response.status, text, contentType: response.headers.get('content-type') ?? '' };
  }

  it('walks the operations the app documents', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  describe.each(operations.map((operation, index) => [operation.key, operation, index] as const))('%s', (key, operation, index) => {
    it('answers every hostile value with a 4xx error envelope, no 5xx, and writes nothing it refused', { timeout: 180_000 }, async () => {
      const base = await (scenarios[key]?.success?.(planner) ?? planner.success(operation));
      const requests = builder.build(operation, base, index + 1);
      const failures: string[] = [];
      const describe = (request: HostileRequest, exchange: { status: number; text: string }) =>
        `${request.label} → ${exchange.status} ${exchange.text.slice(0, 200)}`;

      // What every route must refuse: one snapshot of every table around the whole batch.
      const before = await tableSnapshot(t.db);
      for (const request of requests.filter((candidate) => candidate.mustRefuse)) {
        const exchange = await send(request);
        if (exchange.status < 400 || exchange.status >= 500) failures.push(`expected a 4xx: ${describe(request, exchange)}`);
        else for (const problem of refusalProblems(exchange.text, exchange.contentType)) failures.push(`${problem}: ${describe(request, exchange)}`);
      }
      expect(failures).toEqual([]);
      expect(await tableSnapshot(t.db), `${key}: a refused request changed a table`).toEqual(before);

      // Values the documented schema allows may succeed; a refusal among them must still be clean.
      const refusedAnyway: HostileRequest[] = [];
      for (const request of requests.filter((candidate) => !candidate.mustRefuse)) {
        const exchange = await send(request);
        if (exchange.status >= 500) failures.push(`5xx: ${describe(request, exchange)}`);
        if (exchange.status < 400) continue;
        for (const problem of refusalProblems(exchange.text, exchange.contentType)) failures.push(`${problem}: ${describe(request, exchange)}`);
        refusedAnyway.push(request);
      }
      // Those refusals, sent again as one batch around one snapshot, must change nothing either.
      const beforeAgain = await tableSnapshot(t.db);
      for (const request of refusedAnyway) {
        const exchange = await send(request, true);
        if (exchange.status < 400 || exchange.status >= 500) failures.push(`refused once, then: ${describe(request, exchange)}`);
      }
      expect(await tableSnapshot(t.db), `${key}: a refused request changed a table`).toEqual(beforeAgain);
      expect(failures).toEqual([]);
    });
  });
});
