import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import {
  aPosthogDefaultBody,
  aProjectRow,
  aSentryIssuePayload,
  countSignalsAndIssues,
  GITHUB_SECRET,
  POSTHOG_SECRET,
  readJson,
  sentrySignature,
  webhookSecretsEnv,
} from '../support/fixtures/signals';

/**
 * One correctly authenticated delivery per provider, with a handshake and an ignored event where
 * the provider has them, so the shared rules can be checked against all three.
 */
interface Provider {
  name: string;
  path: string;
  /** Headers that authenticate `body` (and name the event) for this provider. */
  headers(body: string, kind?: 'signal' | 'handshake' | 'ignored'): Record<string, string>;
  signalBody(): string;
  handshakeBody?: string;
  ignoredBody?: string;
}

const providers: Provider[] = [
  {
    name: 'GitHub',
    path: '/webhooks/github',
    headers: (body, kind = 'signal') => ({
      'X-GitHub-Event': kind === 'handshake' ? 'ping' : kind === 'ignored' ? 'push' : 'issues',
      'X-GitHub-Delivery': crypto.randomUUID(),
      'X-GitHub-Hook-ID': '1',
      'X-Hub-Signature-256': `sha256=${createHmac('sha256', GITHUB_SECRET).update(body).digest('hex')}`,
    }),
    signalBody: () =>
      JSON.stringify({ action: 'opened', issue: { number: 7, title: 'Checkout broken', labels: [] }, repository: { full_name: 'acme/shop' } }),
    handshakeBody: JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 }),
    ignoredBody: JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/shop' } }),
  },
  {
    name: 'Sentry',
    path: '/webhooks/sentry',
    headers: (body, kind = 'signal') => ({
      'Sentry-Hook-Resource': kind === 'handshake' ? 'installation' : kind === 'ignored' ? 'comment' : 'issue',
      'Sentry-Hook-Signature': sentrySignature(body),
      'Request-ID': crypto.randomUUID(),
    }),
    signalBody: () => JSON.stringify(aSentryIssuePayload({ id: String(Math.floor(Math.random() * 1e9)) })),
    handshakeBody: JSON.stringify({ action: 'created', installation: { uuid: 'i-1' }, data: {} }),
    ignoredBody: JSON.stringify({ action: 'created', installation: { uuid: 'i-1' }, data: { comment: 'hi' } }),
  },
  {
    name: 'PostHog',
    path: '/webhooks/posthog',
    headers: () => ({ 'X-PostHog-Secret': POSTHOG_SECRET }),
    signalBody: () => JSON.stringify(aPosthogDefaultBody()),
  },
];

describe.each(providers)('$name webhook: shared rules', (provider) => {
  let t: TestApp;
  let unconfigured: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { ...webhookSecretsEnv, LOOP_BODY_LIMIT_BYTES: '4096' } });
    unconfigured = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    await unconfigured.close();
  });

  const post = (app: TestApp, body: string | ReadableStream, headers: Record<string, string>, query = '') =>
    app.app.request(`${provider.path}${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
      ...(typeof body === 'string' ? {} : { duplex: 'half' }),
    });

  it('needs no bearer key, and a verified delivery creates a signal (201)', async () => {
    const body = provider.signalBody();
    const response = await post(t, body, provider.headers(body));
    expect(response.status).toBe(201);
    const { data } = await readJson(response);
    expect(data.signal.issueId).toBe(data.issue.id);
  });

  it('answers 503 when its secret is not configured, and never accepts unverified', async () => {
    const body = provider.signalBody();
    const response = await post(unconfigured, body, provider.headers(body));
    expect(response.status).toBe(503);
    expect(await readJson(response)).toEqual({ error: expect.stringMatching(/not configured.*_SECRET/), code: 'webhook_not_configured' });
    expect(await countSignalsAndIssues(unconfigured.db)).toEqual({ signals: 0, issues: 0 });
  });

  it('answers 401 without WWW-Authenticate when credentials are missing or wrong', async () => {
    const before = await countSignalsAndIssues(t.db);
    const body = provider.signalBody();
    const headers = provider.headers(body);
    const credentialHeaders = ['X-Hub-Signature-256', 'Sentry-Hook-Signature', 'X-PostHog-Secret'];
    const missing = Object.fromEntries(Object.entries(headers).filter(([name]) => !credentialHeaders.includes(name)));
    const wrong = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, credentialHeaders.includes(name) ? value.replace(/.$/, (c) => (c === '0' ? '1' : '0')) : value]),
    );
    for (const attempt of [missing, wrong]) {
      const response = await post(t, body, attempt);
      expect(response.status).toBe(401);
      expect(response.headers.get('WWW-Authenticate')).toBeNull();
      expect((await readJson(response)).code).toBe('invalid_signature');
    }
    expect(await countSignalsAndIssues(t.db)).toEqual(before);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const body = 'just some text';
    const response = await post(t, body, { ...provider.headers(body), 'Content-Type': 'text/plain' });
    expect(response.status).toBe(415);
    expect((await readJson(response)).code).toBe('unsupported_media_type');
  });

  it('answers 400 for malformed JSON that carries a valid signature', async () => {
    const body = '{"action": "created", ';
    const response = await post(t, body, provider.headers(body));
    expect(response.status).toBe(400);
    expect(await readJson(response)).toEqual({ error: 'Malformed JSON in request body', code: 'malformed_json' });
  });

  it('answers 413 for a body over the limit, declared or streamed, and writes nothing', async () => {
    const before = await countSignalsAndIssues(t.db);
    const big = JSON.stringify({ padding: 'x'.repeat(8192), ...JSON.parse(provider.signalBody()) });
    const declared = await post(t, big, provider.headers(big));
    expect(declared.status).toBe(413);
    expect((await readJson(declared)).code).toBe('payload_too_large');

    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode(big.slice(i * 1100, (i + 1) * 1100)));
        controller.close();
      },
    });
    const streamed = await post(t, stream, { ...provider.headers(big), 'Transfer-Encoding': 'chunked' });
    expect(streamed.status).toBe(413);
    expect(await countSignalsAndIssues(t.db)).toEqual(before);
  });

  it('files the triage issue under ?projectId=, and answers 422 for an unknown project without storing anything', async () => {
    const project = await aProjectRow(t.db);
    const body = provider.signalBody();
    const filed = await post(t, body, provider.headers(body), `?projectId=${project.id}`);
    expect(filed.status).toBe(201);
    expect((await readJson(filed)).data.issue.projectId).toBe(project.id);

    const before = await countSignalsAndIssues(t.db);
    const other = provider.signalBody();
    const unknown = await post(t, other, provider.headers(other), '?projectId=no-such-project');
    expect(unknown.status).toBe(422);
    expect(await readJson(unknown)).toMatchObject({ code: 'invalid_reference', details: [{ field: 'projectId' }] });
    expect(await countSignalsAndIssues(t.db)).toEqual(before);
  });

  // PostHog has neither handshakes nor ignored events: every authenticated delivery is a signal.
  if (provider.handshakeBody !== undefined) it('answers the handshake with 200, and 422 when ?projectId= is unknown', async () => {
    const body = provider.handshakeBody!;
    const ok = await post(t, body, provider.headers(body, 'handshake'));
    expect(ok.status).toBe(200);
    expect(await readJson(ok)).toMatchObject({ ok: true });
    const bad = await post(t, body, provider.headers(body, 'handshake'), '?projectId=no-such-project');
    expect(bad.status).toBe(422);
  });

  if (provider.ignoredBody !== undefined) it('acknowledges other events with 202, storing nothing, and 422 when ?projectId= is unknown', async () => {
    const before = await countSignalsAndIssues(t.db);
    const body = provider.ignoredBody!;
    const ignored = await post(t, body, provider.headers(body, 'ignored'));
    expect(ignored.status).toBe(202);
    expect(await readJson(ignored)).toEqual({ ignored: true, reason: expect.any(String) });
    const bad = await post(t, body, provider.headers(body, 'ignored'), '?projectId=no-such-project');
    expect(bad.status).toBe(422);
    expect(await countSignalsAndIssues(t.db)).toEqual(before);
  });
});
