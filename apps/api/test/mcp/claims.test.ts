import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rawRows } from '../../src/db/raw-rows';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aProjectRow, aReadyTask, fixtureNow, readyTasks } from '../support/fixtures/dispatch';
import { call, listen, mcpClient, ok } from '../support/mcp';

const leaseSeconds = 600;
const pastTheLease = (leaseSeconds + 1) * 1000;

describe('claims through MCP: fencing, retries and concurrency', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let client: Client;
  const clock = new TestClock(fixtureNow);
  beforeAll(async () => {
    t = await createTestApp({ clock, env: { DISPATCH_LEASE_SECONDS: String(leaseSeconds) } });
    server = await listen(t);
    client = await mcpClient(server.url);
  });
  afterAll(async () => {
    await client.close();
    await server.close();
    await t.close();
  });
  // Every test claims within a project of its own, so earlier tests' issues never interfere.
  let projectId: string;
  beforeEach(async () => {
    projectId = (await aProjectRow(t.db)).id;
  });

  it('answers lease_lost to a stale claim and changes nothing; the new holder reports', async () => {
    const issue = await aReadyTask(t.db, { projectId });
    const a = await ok(client, 'claim_next_issue', { projectId });
    clock.advance(pastTheLease);
    const b = await ok(client, 'claim_next_issue', { projectId });
    expect(b.issue.id).toBe(issue.id);

    for (const [tool, args] of [
      ['report_outcome', { dispatchId: a.dispatchId, status: 'done', summary: 'A finished late' }],
      ['heartbeat', { dispatchId: a.dispatchId }],
      ['update_issue', { issue: issue.id, dispatchId: a.dispatchId, agentSummary: 'A was here' }],
      ['add_comment', { issue: issue.id, dispatchId: a.dispatchId, body: 'A', authorName: 'a', authorType: 'agent' }],
    ] as const) {
      const refused = await call(client, tool, args);
      expect(refused, tool).toMatchObject({ isError: true, structuredContent: { code: 'lease_lost' } });
    }
    const after = (await t.api.get(`/api/v1/issues/${issue.id}`)).body.data;
    expect(after).toMatchObject({ status: 'in_progress', agentSummary: null });
    expect((await t.api.get(`/api/v1/issues/${issue.id}/comments`)).body.total).toBe(0);
    expect((await t.api.get(`/api/v1/dispatches/${b.dispatchId}`)).body.data.status).toBe('open');

    await ok(client, 'report_outcome', { dispatchId: b.dispatchId, status: 'todo', summary: 'B gives it back' });
    expect((await t.api.get(`/api/v1/dispatches/${b.dispatchId}`)).body.data).toMatchObject({ status: 'released', summary: 'B gives it back' });
  });

  it('answers not_found for a dispatch that never existed', async () => {
    const unknown = await call(client, 'heartbeat', { dispatchId: 'nosuchdispatch000000000000' });
    expect(unknown.structuredContent).toMatchObject({ code: 'not_found' });
  });

  it('returns the same claim to a retry with the same idempotencyKey', async () => {
    await readyTasks(t.db, 2, { projectId });
    const first = await ok(client, 'claim_next_issue', { projectId, idempotencyKey: 'retry-me' });
    const again = await ok(client, 'claim_next_issue', { projectId, idempotencyKey: 'retry-me' });
    expect(again.dispatchId).toBe(first.dispatchId);
    expect(again.issue.id).toBe(first.issue.id);
    expect(again.prompt).toBe(first.prompt);
    const other = await ok(client, 'claim_next_issue', { projectId, idempotencyKey: 'another' });
    expect(other.issue.id).not.toBe(first.issue.id);
  });

  it('hands 10 ready issues to 20 concurrent claims exactly once each; the rest find the queue empty', async () => {
    await readyTasks(t.db, 10, { projectId });
    const results = await Promise.all(Array.from({ length: 20 }, () => ok(client, 'claim_next_issue', { projectId })));
    const claimed = results.filter((result) => result.claimed);
    expect(new Set(claimed.map((result) => result.issue.id)).size).toBe(10);
    expect(claimed).toHaveLength(10);
    expect(results.filter((result) => !result.claimed)).toHaveLength(10);
    const [open] = await rawRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from dispatches join issues on issues.id = dispatches.issue_id
          where issues.project_id = ${projectId} and dispatches.outcome = 'claimed'`,
    );
    expect(open!.n).toBe(10);
  });

  it('refuses a bad status in report_outcome naming the field, and leaves the claim open', async () => {
    await aReadyTask(t.db, { projectId });
    const claim = await ok(client, 'claim_next_issue', { projectId });
    const refused = await call(client, 'report_outcome', { dispatchId: claim.dispatchId, status: 'in_progress', summary: '' });
    expect(refused.structuredContent).toMatchObject({
      code: 'validation_failed',
      details: expect.arrayContaining([expect.objectContaining({ field: 'status' }), expect.objectContaining({ field: 'summary' })]),
    });
    expect((await t.api.get(`/api/v1/dispatches/${claim.dispatchId}`)).body.data.status).toBe('open');
  });
});
