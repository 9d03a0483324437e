import { createHmac, randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyHexHmacSha256 } from '../../src/middleware/hmac';
import { createTestApp, type TestApp } from '../support/app';
import { countSignalsAndIssues, GITHUB_SECRET, postGithubDelivery, webhookSecretsEnv } from '../support/fixtures/signals';

const repository = { full_name: 'acme/shop', default_branch: 'main', html_url: 'https://github.com/acme/shop' };

function aWorkflowRun(fields: { conclusion?: string | null; branch?: string; action?: string; name?: string } = {}) {
  return {
    action: fields.action ?? 'completed',
    workflow_run: {
      id: 30433642,
      name: fields.name ?? 'CI',
      head_branch: fields.branch ?? 'main',
      status: 'completed',
      conclusion: fields.conclusion === undefined ? 'failure' : fields.conclusion,
      html_url: 'https://github.com/acme/shop/actions/runs/30433642',
    },
    repository,
  };
}

describe('POST /webhooks/github', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: webhookSecretsEnv });
  });
  afterAll(() => t.close());

  describe('signature verification', () => {
    const vector = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

    it('matches the documented test vector', async () => {
      expect(verifyHexHmacSha256(GITHUB_SECRET, new TextEncoder().encode('Hello, World!'), vector.slice(7))).toBe(true);
      expect(await sign(GITHUB_SECRET, 'Hello, World!')).toBe(vector);
      // Through the endpoint the vector verifies (so the answer is about the body, not the signature)…
      const verified = await postGithubDelivery(t, { event: 'push', body: 'Hello, World!', signature: vector });
      expect(verified.status).toBe(400);
      expect(verified.body.code).toBe('malformed_json');
      // …and one changed byte of the body does not.
      const tampered = await postGithubDelivery(t, { event: 'push', body: 'Hello, World?', signature: vector });
      expect(tampered.status).toBe(401);
    });

    it('rejects a wrong secret, a truncated or uppercase signature, a SHA-1-only signature and a missing header', async () => {
      const before = await countSignalsAndIssues(t.db);
      const body = JSON.stringify(aWorkflowRun());
      const good = await sign(GITHUB_SECRET, body);
      const sha1 = `sha1=${createHmac('sha1', GITHUB_SECRET).update(body).digest('hex')}`;
      const attempts: { name: string; signature: string | null; headers?: Record<string, string>; message: RegExp }[] = [
        { name: 'wrong secret', signature: await sign('not the secret', body), message: /does not match/ },
        { name: 'truncated', signature: good.slice(0, -2), message: /does not match/ },
        { name: 'uppercase hex', signature: `sha256=${good.slice(7).toUpperCase()}`, message: /does not match/ },
        { name: 'no prefix', signature: good.slice(7), message: /sha256=/ },
        { name: 'sha1 only', signature: null, headers: { 'X-Hub-Signature': sha1 }, message: /SHA-1/ },
        { name: 'sha1 in the sha256 header', signature: sha1, message: /sha256=/ },
        { name: 'missing', signature: null, message: /Missing X-Hub-Signature-256/ },
      ];
      for (const attempt of attempts) {
        const response = await postGithubDelivery(t, {
          event: 'workflow_run',
          body,
          signature: attempt.signature,
          ...(attempt.headers ? { headers: attempt.headers } : {}),
        });
        expect(response.status, attempt.name).toBe(401);
        expect(response.body, attempt.name).toEqual({ error: expect.stringMatching(attempt.message), code: 'invalid_signature' });
        expect(response.headers.get('WWW-Authenticate'), attempt.name).toBeNull();
      }
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('answers 422 when a verified delivery lacks X-GitHub-Event or X-GitHub-Delivery', async () => {
      for (const header of ['X-GitHub-Event', 'X-GitHub-Delivery']) {
        const response = await postGithubDelivery(t, { event: 'workflow_run', body: aWorkflowRun(), headers: { [header]: '' } });
        expect(response.status, header).toBe(422);
        expect(response.body.details, header).toEqual([{ field: `headers.${header}`, message: 'required' }]);
      }
    });
  });

  describe('bodies', () => {
    it('accepts a form-encoded delivery, verified over the raw form body', async () => {
      const json = JSON.stringify(aWorkflowRun({ name: 'Form CI' }));
      const form = `payload=${encodeURIComponent(json)}`;
      const response = await postGithubDelivery(t, { event: 'workflow_run', body: form, contentType: 'application/x-www-form-urlencoded' });
      expect(response.status).toBe(201);
      expect(response.body.data.signal.payload).toEqual(JSON.parse(json));
      expect(response.body.data.issue.title).toBe('GitHub: workflow "Form CI" failed on main (acme/shop)');

      // A signature over the JSON inside the form is not a signature over what was sent.
      const overJson = await postGithubDelivery(t, {
        event: 'workflow_run',
        body: form,
        contentType: 'application/x-www-form-urlencoded',
        signature: await sign(GITHUB_SECRET, json),
      });
      expect(overJson.status).toBe(401);
    });

    it('answers 422 for a form without a payload field and for a JSON body that is not an object', async () => {
      const form = await postGithubDelivery(t, { event: 'push', body: 'ref=main', contentType: 'application/x-www-form-urlencoded' });
      expect(form.status).toBe(422);
      expect(form.body.details).toEqual([{ field: 'payload', message: 'required' }]);
      const array = await postGithubDelivery(t, { event: 'push', body: '[1,2]' });
      expect(array.status).toBe(422);
    });
  });

  describe('idempotency', () => {
    it('answers a redelivery of the same delivery id with the original (200, duplicate) and creates nothing', async () => {
      const deliveryId = randomUUID();
      const first = await postGithubDelivery(t, { event: 'workflow_run', body: aWorkflowRun({ name: 'Redelivered' }), deliveryId });
      expect(first.status).toBe(201);
      const before = await countSignalsAndIssues(t.db);

      const again = await postGithubDelivery(t, { event: 'workflow_run', body: aWorkflowRun({ name: 'Redelivered' }), deliveryId });
      expect(again.status).toBe(200);
      expect(again.body.data).toEqual({ ...first.body.data, duplicate: true });
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('keys deliveries by hook and delivery id: the same GUID on another hook is a new delivery', async () => {
      const deliveryId = randomUUID();
      const one = await postGithubDelivery(t, { event: 'workflow_run', body: aWorkflowRun(), deliveryId, hookId: '1' });
      const two = await postGithubDelivery(t, { event: 'workflow_run', body: aWorkflowRun(), deliveryId, hookId: '2' });
      expect([one.status, two.status]).toEqual([201, 201]);
      expect(one.body.data.signal.deliveryId).toBe(`1:${deliveryId}`);
      expect(two.body.data.signal.deliveryId).toBe(`2:${deliveryId}`);
    });

    it('creates one signal when two identical deliveries race', async () => {
      const before = await countSignalsAndIssues(t.db);
      const deliveryId = randomUUID();
      const send = () => postGithubDelivery(t, { event: 'workflow_run', body: aWorkflowRun({ name: 'Raced' }), deliveryId });
      const responses = await Promise.all([send(), send(), send()]);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 201]);
      const ids = new Set(responses.map((response) => response.body.data.signal.id));
      expect(ids.size).toBe(1);
      expect(await countSignalsAndIssues(t.db)).toEqual({ signals: before.signals + 1, issues: before.issues + 1 });
    });
  });

  describe('event → signal', () => {
    const cases: { name: string; event: string; body: unknown; severity: string; type: string; title: string; sourceId: string }[] = [
      {
        name: 'a failed workflow run on the default branch',
        event: 'workflow_run',
        body: aWorkflowRun(),
        severity: 'high',
        type: 'workflow-failed',
        title: 'GitHub: workflow "CI" failed on main (acme/shop)',
        sourceId: 'acme/shop/actions/runs/30433642',
      },
      {
        name: 'a timed-out workflow run on another branch',
        event: 'workflow_run',
        body: aWorkflowRun({ conclusion: 'timed_out', branch: 'feature/x' }),
        severity: 'medium',
        type: 'workflow-failed',
        title: 'GitHub: workflow "CI" timed out on feature/x (acme/shop)',
        sourceId: 'acme/shop/actions/runs/30433642',
      },
      {
        name: 'a workflow run that failed to start',
        event: 'workflow_run',
        body: aWorkflowRun({ conclusion: 'startup_failure' }),
        severity: 'high',
        type: 'workflow-failed',
        title: 'GitHub: workflow "CI" failed to start on main (acme/shop)',
        sourceId: 'acme/shop/actions/runs/30433642',
      },
      {
        name: 'a failed check suite on the default branch',
        event: 'check_suite',
        body: { action: 'completed', check_suite: { id: 5, head_branch: 'main', conclusion: 'failure', app: { name: 'Buildkite' } }, repository },
        severity: 'high',
        type: 'check-suite-failed',
        title: 'GitHub: check suite "Buildkite" failed on main (acme/shop)',
        sourceId: 'acme/shop/check-suites/5',
      },
      {
        name: 'a failed check run, whose branch is its suite’s',
        event: 'check_run',
        body: {
          action: 'completed',
          check_run: { id: 9, name: 'lint', conclusion: 'failure', check_suite: { head_branch: 'main' } },
          repository,
        },
        severity: 'high',
        type: 'check-run-failed',
        title: 'GitHub: check "lint" failed on main (acme/shop)',
        sourceId: 'acme/shop/check-runs/9',
      },
      {
        name: 'a failed deployment',
        event: 'deployment_status',
        body: { action: 'created', deployment_status: { state: 'failure', environment: 'production' }, deployment: { id: 42 }, repository },
        severity: 'high',
        type: 'deployment-failed',
        title: 'GitHub: deployment to production failed (acme/shop)',
        sourceId: 'acme/shop/deployments/42',
      },
      {
        name: 'an errored deployment',
        event: 'deployment_status',
        body: { action: 'created', deployment_status: { state: 'error' }, deployment: { id: 43, environment: 'staging' }, repository },
        severity: 'high',
        type: 'deployment-failed',
        title: 'GitHub: deployment to staging errored (acme/shop)',
        sourceId: 'acme/shop/deployments/43',
      },
      {
        name: 'a code scanning alert with a security severity',
        event: 'code_scanning_alert',
        body: { action: 'created', alert: { number: 3, rule: { description: 'SQL injection', severity: 'warning', security_severity_level: 'critical' } }, repository },
        severity: 'critical',
        type: 'code-scanning-alert',
        title: 'GitHub: code scanning alert "SQL injection" in acme/shop',
        sourceId: 'acme/shop/code-scanning/3',
      },
      {
        name: 'a code scanning alert with only a rule severity',
        event: 'code_scanning_alert',
        body: { action: 'reopened', alert: { number: 4, rule: { description: 'Unused variable', severity: 'warning' } }, repository },
        severity: 'medium',
        type: 'code-scanning-alert',
        title: 'GitHub: code scanning alert "Unused variable" in acme/shop',
        sourceId: 'acme/shop/code-scanning/4',
      },
      {
        name: 'a critical Dependabot alert',
        event: 'dependabot_alert',
        body: {
          action: 'reopened',
          alert: { number: 8, dependency: { package: { name: 'lodash' } }, security_advisory: { summary: 'Prototype pollution', severity: 'critical' } },
          repository,
        },
        severity: 'critical',
        type: 'dependabot-alert',
        title: 'GitHub: Dependabot alert: Prototype pollution (lodash) in acme/shop',
        sourceId: 'acme/shop/dependabot/8',
      },
      {
        name: 'a secret scanning alert',
        event: 'secret_scanning_alert',
        body: { action: 'created', alert: { number: 2, secret_type: 'stripe_api_key', secret_type_display_name: 'Stripe API Key' }, repository },
        severity: 'critical',
        type: 'secret-exposed',
        title: 'GitHub: secret scanning alert: Stripe API Key exposed in acme/shop',
        sourceId: 'acme/shop/secret-scanning/2',
      },
      {
        name: 'an opened issue without the bug label',
        event: 'issues',
        body: { action: 'opened', issue: { number: 12, title: 'Add dark mode', labels: [{ name: 'enhancement' }] }, repository },
        severity: 'medium',
        type: 'issue-opened',
        title: 'GitHub: issue #12 "Add dark mode" opened (acme/shop)',
        sourceId: 'acme/shop#12',
      },
      {
        name: 'a reopened issue labelled Bug (any case)',
        event: 'issues',
        body: { action: 'reopened', issue: { number: 13, title: 'Cart empties itself', labels: [{ name: 'Bug' }] }, repository },
        severity: 'high',
        type: 'issue-reopened',
        title: 'GitHub: issue #13 "Cart empties itself" reopened (acme/shop)',
        sourceId: 'acme/shop#13',
      },
    ];

    it.each(cases)('turns $name into a $severity signal', async ({ event, body, severity, type, title, sourceId }) => {
      const response = await postGithubDelivery(t, { event, body });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body.data.signal).toMatchObject({ source: 'github', severity, type, sourceId, payload: body });
      expect(response.body.data.issue).toMatchObject({
        title,
        type: 'signal',
        status: 'triage',
        priority: { critical: 1, high: 2, medium: 3, low: 4 }[severity],
        signalSource: 'github',
        signalPayload: body,
        projectId: null,
      });
    });

    const ignoredCases: { name: string; event: string; body: unknown }[] = [
      { name: 'a successful workflow run', event: 'workflow_run', body: aWorkflowRun({ conclusion: 'success' }) },
      { name: 'a cancelled workflow run', event: 'workflow_run', body: aWorkflowRun({ conclusion: 'cancelled' }) },
      { name: 'a requested workflow run', event: 'workflow_run', body: aWorkflowRun({ action: 'requested', conclusion: null }) },
      { name: 'a successful deployment', event: 'deployment_status', body: { action: 'created', deployment_status: { state: 'success' }, repository } },
      { name: 'a fixed code scanning alert', event: 'code_scanning_alert', body: { action: 'fixed', alert: { number: 1 }, repository } },
      { name: 'a resolved secret scanning alert', event: 'secret_scanning_alert', body: { action: 'resolved', alert: { number: 1 }, repository } },
      { name: 'an updated advisory', event: 'security_advisory', body: { action: 'updated', security_advisory: { ghsa_id: 'GHSA-x' } } },
      { name: 'a closed issue', event: 'issues', body: { action: 'closed', issue: { number: 1, labels: [] }, repository } },
      { name: 'a push', event: 'push', body: { ref: 'refs/heads/main', repository } },
      { name: 'a star', event: 'star', body: { action: 'created', repository } },
    ];

    it.each(ignoredCases)('acknowledges $name with 202 and stores nothing', async ({ event, body }) => {
      const before = await countSignalsAndIssues(t.db);
      const response = await postGithubDelivery(t, { event, body });
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ ignored: true, reason: expect.stringContaining(event === 'push' || event === 'star' ? event : '') });
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('answers ping with 200 and stores nothing', async () => {
      const before = await countSignalsAndIssues(t.db);
      const response = await postGithubDelivery(t, { event: 'ping', body: { zen: 'Design for failure.', hook_id: 421337 } });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ok: true, handshake: 'ping' });
      expect(await countSignalsAndIssues(t.db)).toEqual(before);
    });

    it('survives a mapped event with a sparse payload, titling it generically', async () => {
      const response = await postGithubDelivery(t, { event: 'workflow_run', body: { action: 'completed', workflow_run: { conclusion: 'failure' } } });
      expect(response.status).toBe(201);
      expect(response.body.data.issue.title).toBe('GitHub: workflow "unnamed" failed on an unknown branch (unknown repository)');
      expect(response.body.data.signal.severity).toBe('medium');
    });
  });
});
