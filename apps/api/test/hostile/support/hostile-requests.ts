import { createHmac } from 'node:crypto';
import { type DocumentedOperation, type OpenApiDocument, resolveRef } from '../../openapi/support/document';
import type { PlannedRequest } from '../../openapi/support/exercise';
import type { ResponseValidator } from '../../openapi/support/response-validator';
import { webhookSecrets } from '../../openapi/support/scenarios';
import { bodyValues, nestedText, pathValues, queryValues, wrongContentTypes } from './corpus';

/** One request of the suite. `mustRefuse`: a 4xx is the only right answer; else a 2xx is allowed too. */
export interface HostileRequest {
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  mustRefuse: boolean;
}

type Parameter = { in: string; name: string; required?: boolean; schema?: unknown };
type Body = Record<string, unknown>;

const sentinel = '"__loop_hostile_raw__"';

/**
 * Webhook deliveries are re-signed for every hostile body, so each one reaches the body rules
 * instead of stopping at the signature (which is checked over the raw bytes first).
 */
function signed(headers: Record<string, string>, body: string | Uint8Array): Record<string, string> {
  const hmac = (secret: string) => createHmac('sha256', secret).update(body).digest('hex');
  const result = { ...headers };
  if ('X-Hub-Signature-256' in result) result['X-Hub-Signature-256'] = `sha256=${hmac(webhookSecrets.GITHUB_WEBHOOK_SECRET)}`;
  if ('Sentry-Hook-Signature' in result) result['Sentry-Hook-Signature'] = hmac(webhookSecrets.SENTRY_CLIENT_SECRET);
  return result;
}

/**
 * Builds the hostile requests for one documented operation from a request it answers with success
 * (`base`): every path parameter, query parameter and top-level body field gets each hostile value
 * in turn, and the body as a whole is sent nested, mis-encoded, mistyped and missing.
 */
export class HostileRequestBuilder {
  constructor(
    private readonly document: OpenApiDocument,
    private readonly validator: ResponseValidator,
  ) {}

  build(operation: DocumentedOperation, base: PlannedRequest, seed: number): HostileRequest[] {
    const isWebhook = operation.path.startsWith('/webhooks/');
    const parameters = (operation.operation.parameters ?? []).map((raw) => resolveRef(this.document, raw) as Parameter);
    const query: Record<string, string> = Object.fromEntries(
      Object.entries(base.query ?? {}).map(([name, value]) => [name, encodeURIComponent(value)]),
    );
    const headers = base.headers ?? {};
    const baseText = base.rawBody ?? (base.body === undefined ? undefined : JSON.stringify(base.body));
    const url = (path: string, values: Record<string, string>) => {
      const search = Object.entries(values).map(([name, value]) => `${encodeURIComponent(name)}=${value}`).join('&');
      return search ? `${path}?${search}` : path;
    };
    const request = (label: string, mustRefuse: boolean, changes: Partial<HostileRequest> & { text?: string | Uint8Array }) => {
      const body = 'text' in changes ? changes.text : baseText;
      const contentType: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json' };
      let requestHeaders: Record<string, string> = { ...contentType, ...headers, ...changes.headers };
      if (isWebhook && body !== undefined) requestHeaders = signed(requestHeaders, body);
      return {
        label,
        method: operation.method,
        url: changes.url ?? url(base.path, query),
        headers: requestHeaders,
        ...(body === undefined ? {} : { body }),
        mustRefuse,
      };
    };

    const requests: HostileRequest[] = [];
    const segments = base.path.split('/');
    operation.path.split('/').forEach((segment, index) => {
      if (!/^\{.+\}$/.test(segment)) return;
      for (const value of pathValues) {
        const path = segments.map((original, at) => (at === index ? String(value.value) : original)).join('/');
        requests.push(request(`path ${segment} = ${value.name}`, true, { url: url(path, query) }));
      }
    });

    for (const parameter of parameters.filter((candidate) => candidate.in === 'query')) {
      for (const value of queryValues(seed)) {
        requests.push(
          request(`query ${parameter.name} = ${value.name}`, value.refused === true, {
            url: url(base.path, { ...query, [parameter.name]: String(value.value) }),
          }),
        );
      }
    }

    const schema = this.jsonBodySchema(operation);
    if (schema !== undefined && baseText !== undefined) {
      requests.push(...this.bodyRequests(schema, JSON.parse(baseText) as Body, isWebhook, seed, request));
    }
    return requests;
  }

  private jsonBodySchema(operation: DocumentedOperation): unknown {
    const body = resolveRef(this.document, operation.operation.requestBody) as { content?: Record<string, { schema?: unknown }> } | undefined;
    return body?.content?.['application/json']?.schema;
  }

  private bodyRequests(
    rawSchema: unknown,
    base: Body,
    isWebhook: boolean,
    seed: number,
    request: (label: string, mustRefuse: boolean, changes: { text?: string | Uint8Array; headers?: Record<string, string> }) => HostileRequest,
  ): HostileRequest[] {
    const schema = resolveRef(this.document, rawSchema) as { properties?: Record<string, unknown>; required?: string[] };
    // A webhook's body is the provider's: only the rules for every body apply (a NUL is stored as U+FFFD).
    const refusedBySchema = (body: unknown) => !isWebhook && !this.validator.accepts(rawSchema, body);
    const requests: HostileRequest[] = [];
    const text = (body: unknown) => JSON.stringify(body);

    const fields = isWebhook ? [] : Object.keys(schema.properties ?? {});
    for (const field of fields) {
      for (const value of bodyValues(seed)) {
        const body = { ...base, [field]: value.value };
        requests.push(request(`body ${field} = ${value.name}`, value.refused === true || refusedBySchema(body), { text: text(body) }));
      }
      const withRaw = text({ ...base, [field]: '__loop_hostile_raw__' });
      requests.push(request(`body ${field} nested 10,000 deep`, true, { text: withRaw.replace(sentinel, nestedText(10_000)) }));
      const [before, after] = withRaw.split(sentinel) as [string, string];
      const invalidUtf8 = Uint8Array.from([...Buffer.from(`${before}"`), 0xff, 0xfe, 0xc3, ...Buffer.from(`"${after}`)]);
      requests.push(request(`body ${field} = invalid UTF-8`, true, { text: invalidUtf8 }));
    }
    for (const field of isWebhook ? [] : (schema.required ?? [])) {
      const body = { ...base };
      delete body[field];
      requests.push(request(`body without required ${field}`, true, { text: text(body) }));
    }
    if (!isWebhook) requests.push(request('body with an unknown field', true, { text: text({ ...base, loopHostileUnknown: 1 }) }));

    requests.push(
      request('body nested 10,000 deep', true, { text: nestedText(10_000) }),
      request('body nested 10,000 deep inside the object', true, { text: `{"deep":${nestedText(10_000)}}` }),
      request('body of invalid UTF-8', true, { text: Uint8Array.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) }),
      request('malformed JSON', true, { text: '{"a":' }),
      request('body an array', true, { text: '[]' }),
      request('body a string', true, { text: '"text"' }),
      request('body null', true, { text: 'null' }),
      request('an empty body typed as JSON', true, { text: '' }),
      request('no body and no Content-Type', true, { text: undefined }),
      ...wrongContentTypes.map((type) => request(`body sent as ${type}`, true, { headers: { 'Content-Type': type } })),
    );
    // The same NUL a verified delivery may carry: the API refuses it, a webhook stores U+FFFD.
    requests.push(request('NUL in a key and a value of the body', !isWebhook, { text: text({ ...base, 'k\u0000': 'v\u0000' }) }));
    return requests;
  }
}
