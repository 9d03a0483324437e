import { randomUUID } from 'node:crypto';
import examples from '@octokit/webhooks-examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { countSignalsAndIssues, postGithubDelivery, webhookSecretsEnv } from '../support/fixtures/signals';

/**
 * The deliveries among @octokit/webhooks-examples 7.6.1 that must become signals, by
 * `event.action`, with the severity each must get. Every other example is acknowledged (202), and
 * the four `ping`s are handshakes (200).
 */
const expectedSignals: Record<string, { count: number; severity: string; type: string; title: RegExp }> = {
  'check_run.completed': {
    count: 1,
    severity: 'medium', // failed on a feature branch
    type: 'check-run-failed',
    title: /^GitHub: check "Octocoders-linter" failed on changes \(Codertocat\/Hello-World\)$/,
  },
  'code_scanning_alert.created': {
    count: 1,
    severity: 'high', // rule.severity "error"
    type: 'code-scanning-alert',
    title: /^GitHub: code scanning alert ".+" in Codertocat\/Hello-World$/,
  },
  'code_scanning_alert.reopened': {
    count: 3,
    severity: 'low', // rule.severity "note"
    type: 'code-scanning-alert',
    title: /^GitHub: code scanning alert ".+" in Codertocat\/Hello-World$/,
  },
  'dependabot_alert.created': {
    count: 1,
    severity: 'medium',
    type: 'dependabot-alert',
    title: /^GitHub: Dependabot alert: .+ \(semver\) in wolfy1339\/pika-pack$/,
  },
  'issues.opened': {
    count: 4,
    severity: 'high', // labelled "bug"
    type: 'issue-opened',
    title: /^GitHub: issue #1 "Spelling error in the README file" opened \(Codertocat\/Hello-World\)$/,
  },
  'issues.reopened': {
    count: 1,
    severity: 'high',
    type: 'issue-reopened',
    title: /^GitHub: issue #1 "Spelling error in the README file" reopened \(Codertocat\/Hello-World\)$/,
  },
  'security_advisory.published': {
    count: 2,
    severity: 'critical',
    type: 'security-advisory',
    title: /^GitHub: security advisory GHSA-rf4j-j272-fj86: .+django$/,
  },
};

const priorityOf: Record<string, number> = { critical: 1, high: 2, medium: 3, low: 4 };

describe('GitHub webhooks against every @octokit/webhooks-examples payload', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: webhookSecretsEnv });
  });
  afterAll(() => t.close());

  it('turns exactly the mapped deliveries into one signal and one triage issue each, and stores nothing for the rest', async () => {
    const created = new Map<string, number>();
    const statuses = new Map<number, number>();
    const signalIds = new Set<string>();
    const issueIds = new Set<string>();
    let total = 0;

    for (const definition of examples) {
      for (const example of definition.examples) {
        total++;
        const action = (example as { action?: string }).action;
        const key = action ? `${definition.name}.${action}` : definition.name;
        const response = await postGithubDelivery(t, { event: definition.name, body: example, deliveryId: randomUUID() });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `${key}: ${JSON.stringify(response.body)}`).toBeLessThan(500);

        if (response.status === 201) {
          const expected = expectedSignals[key];
          expect(expected, `${key} unexpectedly became a signal`).toBeDefined();
          const { signal, issue } = response.body.data;
          expect(signal.source).toBe('github');
          expect(signal.severity, key).toBe(expected!.severity);
          expect(signal.type, key).toBe(expected!.type);
          expect(signal.payload).toEqual(example);
          expect(signal.deliveryId).toMatch(/^421337:[0-9a-f-]{36}$/);
          expect(issue).toMatchObject({ type: 'signal', status: 'triage', signalSource: 'github', priority: priorityOf[expected!.severity] });
          expect(issue.title, key).toMatch(expected!.title);
          expect(issue.title.length).toBeLessThanOrEqual(200);
          expect(signal.issueId).toBe(issue.id);
          signalIds.add(signal.id);
          issueIds.add(issue.id);
          created.set(key, (created.get(key) ?? 0) + 1);
        } else if (definition.name === 'ping') {
          expect(response.status).toBe(200);
          expect(response.body).toEqual({ ok: true, handshake: 'ping' });
        } else {
          expect(response.status, `${key}: ${JSON.stringify(response.body)}`).toBe(202);
          expect(response.body).toEqual({ ignored: true, reason: expect.any(String) });
        }
      }
    }

    expect(total).toBe(329);
    expect(Object.fromEntries(created)).toEqual(
      Object.fromEntries(Object.entries(expectedSignals).map(([key, { count }]) => [key, count])),
    );
    const signalCount = [...created.values()].reduce((sum, n) => sum + n, 0);
    expect(statuses.get(201)).toBe(signalCount);
    expect(statuses.get(200)).toBe(4);
    expect(statuses.get(202)).toBe(329 - signalCount - 4);
    // One row per 201 and none for anything else: the table totals equal the distinct ids returned.
    expect(signalIds.size).toBe(signalCount);
    expect(issueIds.size).toBe(signalCount);
    expect(await countSignalsAndIssues(t.db)).toEqual({ signals: signalCount, issues: signalCount });
  });
});
