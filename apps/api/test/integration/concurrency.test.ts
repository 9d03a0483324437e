import { randomUUID } from 'node:crypto';
import { count, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatches, issues, promptVersions } from '../../src/db/schema';
import { rawRows } from '../../src/db/raw-rows';
import { countedVersionColumns } from '../../src/domain/prompts/usage';
import { type ApiResponse, createTestApp, TestClock, type TestApp } from '../support/app';
import { aProjectRow, aReadyTask, aTemplateWithActiveVersion, fixtureNow, readyTasks } from '../support/fixtures/dispatch';
import { templateFixtures } from '../support/fixtures/prompts';
import { aSentryIssuePayload, countSignalsAndIssues, postSentryDelivery, webhookSecretsEnv } from '../support/fixtures/signals';

/**
 * The races PGLite cannot stage: it runs one statement at a time, so "concurrent" requests there are
 * really serial. On a real PostgreSQL these run on separate connections (node-postgres pool, or the
 * Neon WebSocket Pool for the transactions and SQL over HTTP for the rest) and genuinely interleave.
 */
describe('concurrent requests on a real PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: webhookSecretsEnv, clock: new TestClock(fixtureNow) });
  });
  afterAll(() => t.close());

  it('50 simultaneous GET /dispatch/next over 20 ready issues: exactly 20 distinct claims, 30 × 204', async () => {
    const project = await aProjectRow(t.db);
    const ready = await readyTasks(t.db, 20, { projectId: project.id });

    const responses = await Promise.all(
      Array.from({ length: 50 }, () => t.api.get(`/api/v1/dispatch/next?projectId=${project.id}`)),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses.filter((status) => status === 204)).toHaveLength(30);
    const claimed = responses.filter((response) => response.status === 200).map((response) => response.body.data.issue.id);
    expect(new Set(claimed)).toEqual(new Set(ready.map((issue) => issue.id)));

    const ids = ready.map((issue) => issue.id);
    const rows = await t.db.select({ issueId: dispatches.issueId }).from(dispatches).where(inArray(dispatches.issueId, ids));
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((row) => row.issueId)).size).toBe(20);
    const states = await t.db.select({ status: issues.status }).from(issues).where(inArray(issues.id, ids));
    expect(states.every((row) => row.status === 'in_progress')).toBe(true);
  });

  it('50 simultaneous identical webhook deliveries: one signal, one issue, 49 answers naming it as a duplicate', async () => {
    const before = await countSignalsAndIssues(t.db);
    const requestId = randomUUID();
    const body = aSentryIssuePayload({ id: '4242424242', title: 'TypeError in checkout' });

    const responses = await Promise.all(
      Array.from({ length: 50 }, () => postSentryDelivery(t, { resource: 'issue', body, requestId })),
    );

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([...Array(49).fill(200), 201]);
    expect(new Set(responses.map((response) => response.body.data.signal.id)).size).toBe(1);
    expect(new Set(responses.map((response) => response.body.data.issue.id)).size).toBe(1);
    expect(responses.filter((response) => response.body.data.duplicate === true)).toHaveLength(49);
    expect(await countSignalsAndIssues(t.db)).toEqual({ signals: before.signals + 1, issues: before.issues + 1 });
  });

  it('50 simultaneous POST /issues: 50 issues with 50 distinct numbers', async () => {
    const [{ n: before }] = (await t.db.select({ n: count() }).from(issues)) as [{ n: number }];
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.api.post('/api/v1/issues', { title: `Concurrent ${i}`, type: 'task' })),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
    const numbers = responses.map((response) => response.body.data.number as number);
    expect(new Set(numbers).size).toBe(50);
    expect(numbers.every((number) => Number.isInteger(number) && number > 0)).toBe(true);
    const [{ n: after }] = (await t.db.select({ n: count() }).from(issues)) as [{ n: number }];
    expect(after).toBe(before + 50);
  });

  it('20 simultaneous version creations on one template: versions 1…20, none duplicated', async () => {
    const template = await templateFixtures(t.api).aTemplateWithoutVersions();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.api.post(`/api/v1/templates/${template.slug}/versions`, {
          content: `Draft ${i} for {{issue.title}}`,
          authorName: `writer-${i}`,
          authorType: 'agent',
        }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    const stored = await t.db
      .select({ version: promptVersions.version })
      .from(promptVersions)
      .where(eq(promptVersions.templateId, template.id));
    expect(stored.map((row) => row.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('DELETE /issues/:id while a claim on it commits: the delete waits for it, then closes that claim as canceled', async () => {
    const project = await aProjectRow(t.db);
    const { template, version } = await aTemplateWithActiveVersion(t.db, { projectId: project.id });
    const issue = await aReadyTask(t.db, { projectId: project.id });
    const someoneWaitsForALock = async () => {
      for (let tries = 0; tries < 250; tries++) {
        const [row] = await rawRows<{ n: number }>(
          t.db,
          sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (row!.n > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('the DELETE never waited for the issue row');
    };

    let deleting: Promise<ApiResponse> | undefined;
    const dispatchId = await t.db.transaction(async (tx) => {
      // What a claim writes, committed only once the DELETE has started and is waiting for the issue row.
      await tx.update(issues).set({ status: 'in_progress', updatedAt: fixtureNow }).where(eq(issues.id, issue.id));
      const [claim] = await tx
        .insert(dispatches)
        .values({
          issueId: issue.id,
          templateId: template.id,
          versionId: version!.id,
          claimedAt: fixtureNow,
          leaseExpiresAt: new Date(fixtureNow.getTime() + 30 * 60 * 1000),
        })
        .returning({ id: dispatches.id });
      deleting = t.api.delete(`/api/v1/issues/${issue.id}`);
      await someoneWaitsForALock();
      return claim!.id;
    });

    expect((await deleting!).status).toBe(204);
    expect((await t.api.get(`/api/v1/issues/${issue.id}`)).status).toBe(404);
    const [claim] = await t.db.select().from(dispatches).where(eq(dispatches.id, dispatchId));
    expect(claim).toMatchObject({ outcome: 'canceled', finishedAt: fixtureNow });
    const [metrics] = await t.db
      .select({ completionRate: countedVersionColumns.completionRate })
      .from(promptVersions)
      .where(eq(promptVersions.id, version!.id));
    expect(metrics).toEqual({ completionRate: 0 });
  });
});
