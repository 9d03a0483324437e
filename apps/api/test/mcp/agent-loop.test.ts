import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ROOT_KEY, TestClock, type TestApp } from '../support/app';
import { fixtureNow } from '../support/fixtures/dispatch';
import { call, listen, mcpClient, ok } from '../support/mcp';

const leaseSeconds = 600;

describe('an agent working the loop through MCP alone', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let agentKey: string;
  let agent: Client;
  const clock = new TestClock(fixtureNow);
  beforeAll(async () => {
    t = await createTestApp({ clock, env: { DISPATCH_LEASE_SECONDS: String(leaseSeconds) } });
    server = await listen(t);
    agentKey = (await t.api.post('/api/v1/api-keys', { name: 'claude', role: 'agent' })).body.data.key;
    agent = await mcpClient(server.url, agentKey);
  });
  afterAll(async () => {
    await agent.close();
    await server.close();
    await t.close();
  });

  it('ingests, claims, heartbeats, comments, reports done and reviews; REST then shows every step', async () => {
    const signal = (await ok(agent, 'ingest_signal', {
      source: 'manual',
      type: 'error-spike',
      severity: 'critical',
      title: 'Checkout returns 500 for EU cards',
      payload: { count: 37 },
    })).data;

    const claim = await ok(agent, 'claim_next_issue', { idempotencyKey: 'agent-run-1' });
    expect(claim).toMatchObject({ claimed: true, issue: { id: signal.issue.id, status: 'in_progress' } });
    expect(claim.leaseExpiresAt).toBe(new Date(fixtureNow.getTime() + leaseSeconds * 1000).toISOString());
    expect(claim.prompt).toContain('Checkout returns 500 for EU cards');
    expect(claim.prompt).toContain(`\`report_outcome\` with \`dispatchId\`\n\`${claim.dispatchId}\``);
    const { dispatchId, meta } = claim;

    clock.advance(400_000);
    const lease = (await ok(agent, 'heartbeat', { dispatchId })).data;
    expect(lease.leaseExpiresAt).toBe(new Date(clock.now().getTime() + leaseSeconds * 1000).toISOString());
    clock.advance(400_000); // past the first lease, within the renewed one

    await ok(agent, 'add_comment', {
      issue: signal.issue.number,
      dispatchId,
      body: 'The BIN table for EU cards is stale.',
      authorName: 'claude',
      authorType: 'agent',
    });
    const reported = (await ok(agent, 'report_outcome', {
      dispatchId,
      status: 'done',
      summary: 'Stale EU BIN table; opened a hypothesis',
      commits: [{ sha: 'abc123', message: 'Refresh the BIN table' }],
    })).data;
    expect(reported.issue).toMatchObject({ status: 'done', agentSummary: 'Stale EU BIN table; opened a hypothesis' });
    expect(reported.dispatch).toMatchObject({ status: 'done', summary: 'Stale EU BIN table; opened a hypothesis' });

    await ok(agent, 'review_prompt', {
      versionId: meta.versionId,
      issueId: signal.issue.number,
      clarity: 5,
      completeness: 4,
      relevance: 5,
      feedback: 'Say where the BIN table lives',
      authorType: 'agent',
    });

    const issue = (await t.api.get(`/api/v1/issues/${signal.issue.number}`)).body.data;
    expect(issue).toMatchObject({ status: 'done', agentSummary: 'Stale EU BIN table; opened a hypothesis', commits: [{ sha: 'abc123' }] });
    const dispatch = (await t.api.get(`/api/v1/dispatches/${dispatchId}`)).body.data;
    expect(dispatch).toMatchObject({ status: 'done', summary: 'Stale EU BIN table; opened a hypothesis', versionId: meta.versionId });
    const reviews = (await t.api.get(`/api/v1/templates/${meta.templateId}/reviews`)).body;
    expect(reviews.count).toBe(1);
    expect(reviews.data[0]).toMatchObject({ versionId: meta.versionId, clarity: 5, feedback: 'Say where the BIN table lives' });
    const comments = (await t.api.get(`/api/v1/issues/${signal.issue.number}/comments`)).body;
    expect(comments.total).toBe(1);
  });

  it('is the same key with the same role: the agent key reaches no admin-only action', async () => {
    const { tools } = await agent.listTools();
    expect(tools.map((tool) => tool.name).filter((name) => /key/i.test(name))).toEqual([]);
    await expect(agent.callTool({ name: 'create_api_key', arguments: { name: 'forever' } })).rejects.toThrow(/Unknown tool/);
    const refused = await t.api.post('/api/v1/api-keys', { name: 'forever' }, { key: agentKey });
    expect(refused).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    const keys = (await t.api.get('/api/v1/api-keys', { key: TEST_ROOT_KEY })).body;
    expect(keys.total).toBe(1);
  });

  it('answers an empty queue as a result, not an error', async () => {
    const empty = await call(agent, 'claim_next_issue');
    expect(empty.isError).toBeFalsy();
    expect(empty.structuredContent).toEqual({ claimed: false, message: expect.stringContaining('Nothing is ready') });
  });
});
