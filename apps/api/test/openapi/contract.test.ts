import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOpenApiDocument } from '../../src/openapi/render';
import { createTestApp, type TestApp } from '../support/app';
import { documentedOperations, type DocumentedOperation, type OpenApiDocument, resolveRef } from './support/document';
import { type Exchange, type PlannedRequest, RequestPlanner, send } from './support/exercise';
import { ResponseValidator } from './support/response-validator';
import { scenarios, webhookSecrets } from './support/scenarios';

// The operations to walk are known when the tests are collected, from the same generator the
// server uses; the first test checks the running app serves exactly this document.
const expectedDocument = JSON.parse(renderOpenApiDocument()) as OpenApiDocument;
const operations = documentedOperations(expectedDocument);

describe('contract: every documented operation answers as documented', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  let validator: ResponseValidator;
  let planner: RequestPlanner;

  beforeAll(async () => {
    t = await createTestApp({ env: webhookSecrets });
    document = (await t.api.get('/api/v1/openapi.json', { key: null })).body;
    validator = new ResponseValidator(document);
    planner = new RequestPlanner(t.app, document);
  });
  afterAll(() => t.close());

  it('walks the document the app serves (which names its own server)', () => {
    expect({ ...document, servers: expectedDocument.servers }).toEqual(expectedDocument);
    expect(operations.length).toBeGreaterThan(0);
  });

  /** The response's status is documented for the operation and its body matches the documented schema. */
  function expectAsDocumented(operation: DocumentedOperation, exchange: Exchange) {
    const status = String(exchange.status);
    const what = `${operation.key} → ${status} ${exchange.text.slice(0, 400)}`;
    const response = resolveRef(document, operation.operation.responses?.[status]) as
      | { content?: Record<string, unknown> }
      | undefined;
    expect(response, `undocumented status: ${what}`).toBeDefined();
    if (response!.content?.['application/json']) {
      expect(exchange.contentType, what).toMatch(/^application\/json/);
      const { problems } = validator.check(operation.path, operation.method, status, exchange.body);
      expect(problems, `body does not match the documented schema: ${what}`).toEqual([]);
    } else if (!response!.content) {
      expect(exchange.text, `documented without a body: ${what}`).toBe('');
    }
  }

  async function plan(operation: DocumentedOperation, kind: 'success' | 'failure'): Promise<PlannedRequest | undefined> {
    const scenario = scenarios[operation.key];
    const custom = scenario?.[kind];
    if (custom === null) return undefined;
    if (custom) return custom(planner);
    return kind === 'success' ? planner.success(operation) : planner.failure(operation);
  }

  describe.each(operations.map((operation) => [operation.key, operation] as const))('%s', (_key, operation) => {
    it('succeeds as documented', async () => {
      const request = await plan(operation, 'success');
      const exchange = await send(t.app, request!);
      expect(exchange.status, `${operation.key} → ${exchange.status} ${exchange.text.slice(0, 400)}`).toBeLessThan(300);
      expectAsDocumented(operation, exchange);
    });

    it('fails as documented', async () => {
      const request = await plan(operation, 'failure');
      if (!request) {
        // Only an operation a client cannot make fail may skip this, and the scenario must say why.
        expect(scenarios[operation.key]?.noFailureBecause, `${operation.key}: no failing request planned`).toBeTruthy();
        return;
      }
      const exchange = await send(t.app, request);
      expect(exchange.status, `${operation.key} → ${exchange.status} ${exchange.text.slice(0, 400)}`).toBeGreaterThanOrEqual(400);
      expectAsDocumented(operation, exchange);
    });
  });
});
