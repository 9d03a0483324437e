import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rawRows } from '../../src/db/raw-rows';
import { dispatches, issueLabels, issues, labels, promptVersions } from '../../src/db/schema';
import { countedVersionColumns } from '../../src/domain/prompts/usage';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import {
  aBlock,
  anIssue,
  aProjectRow,
  aProjectWithActiveGoal,
  aReadyTask,
  aSignalInTriage,
  aTemplateWithActiveVersion,
  daysBefore,
  fixtureNow,
  readyTasks,
} from '../support/fixtures/dispatch';

const leaseSeconds = 600;

describe('POST /dispatch/next', () => {
  let t: TestApp;
  const clock = new TestClock(fixtureNow);
  beforeAll(async () => {
    t = await createTestApp({ clock, env: { DISPATCH_LEASE_SECONDS: String(leaseSeconds) } });
  });
  afterAll(() => t.close());

  /** Tests claim within a project of their own, so other tests' ready issues never interfere. */
  const claim = (projectId: string) => t.api.post(`/api/v1/dispatch/next?projectId=${projectId}`);
  const claimedId = async (projectId: string) => {
    const response = await claim(projectId);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.data.issue.id as string;
  };
  const statusOf = async (id: string) =>
    (await t.db.select({ status: issues.status }).from(issues).where(eq(issues.id, id)))[0]!.status;

  describe('what it hands out', () => {
    it('answers 204 with no body when nothing is ready, never cached', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      await anIssue(t.db, { projectId, status: 'backlog' });
      const response = await claim(projectId);
      expect(response.status).toBe(204);
      expect(response.body).toBe('');
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('claims the top of the queue: in_progress, a leased dispatch row, never cached', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const low = await aReadyTask(t.db, { projectId, priority: 4 });
      const urgent = await aReadyTask(t.db, { projectId, priority: 1 });
      const response = await claim(projectId);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.body.data.issue).toMatchObject({ id: urgent.id, status: 'in_progress', statusChangedAt: fixtureNow.toISOString() });
      expect(await statusOf(urgent.id)).toBe('in_progress');
      expect(await statusOf(low.id)).toBe('todo');

      const rows = await t.db.select().from(dispatches).where(eq(dispatches.issueId, urgent.id));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        id: response.body.data.meta.dispatchId,
        outcome: 'claimed',
        claimedAt: fixtureNow,
        leaseExpiresAt: new Date(fixtureNow.getTime() + leaseSeconds * 1000),
        finishedAt: null,
      });
      expect(response.body.data.meta.leaseExpiresAt).toBe(new Date(fixtureNow.getTime() + leaseSeconds * 1000).toISOString());

      expect(await claimedId(projectId)).toBe(low.id);
      expect((await claim(projectId)).status).toBe(204);
    });

    it('never hands out a blocked issue; a done, canceled or deleted blocker unblocks it', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const blocked = await aReadyTask(t.db, { projectId, priority: 1 });
      const free = await aReadyTask(t.db, { projectId, priority: 4 });
      const blockers = await Promise.all([anIssue(t.db), anIssue(t.db), anIssue(t.db)]);
      for (const blocker of blockers) await aBlock(t.db, blocker, blocked);

      expect(await claimedId(projectId)).toBe(free.id);
      expect((await claim(projectId)).status).toBe(204);

      await t.db.update(issues).set({ status: 'done' }).where(eq(issues.id, blockers[0].id));
      await t.db.update(issues).set({ status: 'canceled' }).where(eq(issues.id, blockers[1].id));
      expect((await claim(projectId)).status).toBe(204);
      await t.db.update(issues).set({ deletedAt: fixtureNow }).where(eq(issues.id, blockers[2].id));
      expect(await claimedId(projectId)).toBe(blocked.id);
    });

    it('respects a blocker whichever side wrote the relation (blocks from the blocker, blocked_by from the blocked)', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const byBlocks = await aReadyTask(t.db, { projectId, priority: 1 });
      const byBlockedBy = await aReadyTask(t.db, { projectId, priority: 1 });
      const free = await aReadyTask(t.db, { projectId, priority: 4 });
      const blockerA = await anIssue(t.db, { status: 'backlog' });
      const blockerB = await anIssue(t.db, { status: 'in_progress' });
      const written = await Promise.all([
        t.api.post(`/api/v1/issues/${blockerA.number}/relations`, { type: 'blocks', relatedIssueId: byBlocks.number }),
        t.api.post(`/api/v1/issues/${byBlockedBy.number}/relations`, { type: 'blocked_by', relatedIssueId: blockerB.id }),
      ]);
      expect(written.map((response) => response.status)).toEqual([201, 201]);

      expect(await claimedId(projectId)).toBe(free.id);
      expect((await claim(projectId)).status).toBe(204);

      const finished = await Promise.all([
        t.api.patch(`/api/v1/issues/${blockerA.id}`, { status: 'done' }),
        t.api.patch(`/api/v1/issues/${blockerB.id}`, { status: 'canceled' }),
      ]);
      expect(finished.map((response) => response.status)).toEqual([200, 200]);
      expect([await claimedId(projectId), await claimedId(projectId)].sort()).toEqual([byBlocks.id, byBlockedBy.id].sort());
    });

    it('hands out a signal still in triage, choosing its template on the triage status', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const signal = await aSignalInTriage(t.db, { projectId, signalSource: 'dispatch-test-source' });
      const { template } = await aTemplateWithActiveVersion(t.db, {
        conditions: { type: 'signal', status: 'triage', signalSource: 'dispatch-test-source' },
        specificity: 1000,
        content: 'Triage {{issue.title}} from {{issue.signalSource}}',
      });
      const response = await claim(projectId);
      expect(response.status).toBe(200);
      expect(response.body.data.issue).toMatchObject({ id: signal.id, type: 'signal', status: 'in_progress' });
      expect(response.body.data.meta.templateSlug).toBe(template.slug);
      expect(response.body.data.prompt).toBe(`Triage ${signal.title} from dispatch-test-source`);
    });

    it('narrows to one project; an unknown project answers 204', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const elsewhere = await aReadyTask(t.db, { priority: 1 });
      const mine = await aReadyTask(t.db, { projectId, priority: 4 });
      expect(await claimedId(projectId)).toBe(mine.id);
      expect((await t.api.post('/api/v1/dispatch/next?projectId=no-such-project')).status).toBe(204);
      expect(await statusOf(elsewhere.id)).toBe('todo');
    });

    it('rejects an empty projectId with 422 and claims nothing', async () => {
      const response = await t.api.post('/api/v1/dispatch/next?projectId=');
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('validation_failed');
    });
  });

  describe('the response', () => {
    it('carries the issue in context, the rendered prompt and the claim meta; the version counts the use', async () => {
      const project = await aProjectWithActiveGoal(t.db);
      const parent = await anIssue(t.db, { projectId: project.id, type: 'plan', status: 'in_progress', title: 'The plan' });
      const issue = await aReadyTask(t.db, { projectId: project.id, parentId: parent.id, priority: 2, title: 'Do the work' });
      const sibling = await anIssue(t.db, { projectId: project.id, parentId: parent.id, status: 'backlog' });
      const blocked = await anIssue(t.db, { status: 'backlog' });
      const finishedBlocker = await anIssue(t.db, { status: 'done' });
      await aBlock(t.db, issue, blocked);
      await aBlock(t.db, finishedBlocker, issue);
      const [label] = await t.db.insert(labels).values({ name: 'dispatch-frontend', color: '#112233' }).returning();
      await t.db.insert(issueLabels).values({ issueId: issue.id, labelId: label!.id });
      const { template, version } = await aTemplateWithActiveVersion(t.db, {
        projectId: project.id,
        conditions: { labels: ['dispatch-frontend'] },
        content: '{{issue.title}} under {{parent.title}} for {{goal.title}}; review {{meta.versionId}} at {{loopUrl}}',
      });

      const transaction = vi.spyOn(t.db, 'transaction');
      t.queries.reset();
      const response = await claim(project.id).finally(() => transaction.mockRestore());
      const statements = [...t.queries.statements];
      const transactionControl = [...t.queries.transactionControl];
      expect(response.status).toBe(200);
      const { issue: body, prompt, meta } = response.body.data;

      expect(body).toMatchObject({
        id: issue.id,
        number: issue.number,
        title: 'Do the work',
        status: 'in_progress',
        priority: 2,
        projectId: project.id,
        parentId: parent.id,
        project: { id: project.id, name: project.name },
        goal: { id: project.goalId, status: 'active' },
        parent: { id: parent.id, title: 'The plan' },
        children: [],
        labels: [{ id: label!.id, name: 'dispatch-frontend', color: '#112233' }],
        previousSessions: [],
      });
      // Embedded resources are summaries: the project too (its description and health stay in the prompt's context).
      expect(body.project).toEqual({ id: project.id, name: project.name, status: project.status });
      expect(body.siblings.map((item: { id: string }) => item.id)).toEqual([sibling.id]);
      expect(body.blocking.map((item: { id: string }) => item.id)).toEqual([blocked.id]);
      expect(body.blockedBy.map((item: { id: string }) => item.id)).toEqual([finishedBlocker.id]);

      expect(prompt).toBe(`Do the work under The plan for ${body.goal.title}; review ${version!.id} at http://loop.test`);
      expect(meta).toEqual({
        dispatchId: expect.any(String),
        templateSlug: template.slug,
        templateId: template.id,
        versionId: version!.id,
        versionNumber: 1,
        claimedAt: fixtureNow.toISOString(),
        leaseExpiresAt: new Date(fixtureNow.getTime() + leaseSeconds * 1000).toISOString(),
        review: { method: 'POST', path: '/api/v1/prompt-reviews', body: { versionId: version!.id, issueId: issue.id } },
      });
      const [row] = await t.db.select().from(dispatches).where(eq(dispatches.id, meta.dispatchId));
      expect(row).toMatchObject({ issueId: issue.id, templateId: template.id, versionId: version!.id });
      const [counted] = await t.db.select(countedVersionColumns).from(promptVersions).where(eq(promptVersions.id, version!.id));
      expect(counted!.usageCount).toBe(1);

      // Two statements and no transaction: the claim (pick, move, expire, choose, record) is one
      // statement, loading the context the other.
      expect(transaction).not.toHaveBeenCalled();
      expect(transactionControl).toEqual([]);
      expect(statements).toHaveLength(2);
      expect(statements[0]).toMatch(/^with shortlist as \(/);
      expect(statements[0]).toMatch(/recorded as \(\s*insert into dispatches/);
    });

    it('counts the use from the dispatch row alone: the version row is not rewritten by a claim', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const { version } = await aTemplateWithActiveVersion(t.db, { projectId });
      await aReadyTask(t.db, { projectId });
      await aReadyTask(t.db, { projectId });
      // xmin names the transaction that wrote the row's current version: unchanged means untouched.
      const rowVersion = async () =>
        (await rawRows<{ xmin: string }>(t.db, sql`select xmin::text as xmin from prompt_versions where id = ${version!.id}`))[0]!.xmin;
      const before = await rowVersion();

      for (const expected of [1, 2]) {
        const response = await claim(projectId);
        expect(response.body.data.meta.versionId).toBe(version!.id);
        const [counted] = await t.db.select(countedVersionColumns).from(promptVersions).where(eq(promptVersions.id, version!.id));
        expect(counted!.usageCount).toBe(expected);
      }
      expect(await rowVersion()).toBe(before);
    });

    it('falls back to the default template of the issue type when nothing more specific matches', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      await aReadyTask(t.db, { projectId });
      const response = await claim(projectId);
      expect(response.body.data.meta).toMatchObject({ templateSlug: 'task-execute', versionNumber: 1 });
      expect(response.body.data.prompt).toContain(String(response.body.data.issue.number));
      expect(response.body.data.prompt).not.toContain(t.env.LOOP_API_KEY);
      // The default prompts tell the agent to fence its reports with its claim.
      expect(response.body.data.prompt).toContain(`-H "Loop-Dispatch-Id: ${response.body.data.meta.dispatchId}"`);
    });
  });

  describe('leases', () => {
    it('hands an issue out again once its lease expires; the old claim becomes expired and shows in previousSessions', async () => {
      const { id: projectId } = await aProjectRow(t.db);
      const issue = await aReadyTask(t.db, { projectId, statusChangedAt: daysBefore(2) });
      const { template: retryTemplate } = await aTemplateWithActiveVersion(t.db, {
        projectId,
        conditions: { hasFailedSessions: true },
        content: 'Attempt {{previousSessions.length}} ended {{#each previousSessions}}{{outcome}}{{/each}}',
      });
      const first = await claim(projectId);
      expect(first.body.data.meta.templateSlug).not.toBe(retryTemplate.slug);

      try {
        clock.advance(leaseSeconds * 1000 - 1);
        expect((await claim(projectId)).status).toBe(204);
        clock.advance(1);
        const queue = await t.api.get(`/api/v1/dispatch/queue?projectId=${projectId}`);
        expect(queue.body.data.map((entry: { issue: { id: string } }) => entry.issue.id)).toEqual([issue.id]);

        const second = await claim(projectId);
        expect(second.status).toBe(200);
        const { issue: body, meta, prompt } = second.body.data;
        expect(body.id).toBe(issue.id);
        expect(body.previousSessions).toEqual([
          expect.objectContaining({ dispatchId: first.body.data.meta.dispatchId, outcome: 'expired', finishedAt: clock.now().toISOString() }),
        ]);
        expect(meta.templateSlug).toBe(retryTemplate.slug);
        expect(prompt).toBe('Attempt 1 ended expired');
        expect(meta.leaseExpiresAt).toBe(new Date(clock.now().getTime() + leaseSeconds * 1000).toISOString());

        const rows = await t.db.select().from(dispatches).where(eq(dispatches.issueId, issue.id)).orderBy(dispatches.claimedAt);
        expect(rows.map((row) => row.outcome)).toEqual(['expired', 'claimed']);
        const openClaims = await t.db
          .select()
          .from(dispatches)
          .where(and(eq(dispatches.issueId, issue.id), eq(dispatches.outcome, 'claimed')));
        expect(openClaims).toHaveLength(1);
        // The first claim moved the status; the re-claim is no status change.
        expect(body.statusChangedAt).toBe(fixtureNow.toISOString());
      } finally {
        clock.set(fixtureNow);
      }
    });
  });
});

describe('POST /dispatch/next under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: new TestClock(fixtureNow) });
  });
  afterAll(() => t.close());

  it('hands 10 ready issues to 10 of 20 simultaneous callers, each exactly once; the rest get 204', async () => {
    const ready = await readyTasks(t.db, 10);
    const responses = await Promise.all(Array.from({ length: 20 }, () => t.api.post('/api/v1/dispatch/next')));

    const handedOut = responses.filter((response) => response.status === 200).map((response) => response.body.data.issue.id);
    expect(handedOut).toHaveLength(10);
    expect(new Set(handedOut).size).toBe(10);
    expect(new Set(handedOut)).toEqual(new Set(ready.map((issue) => issue.id)));
    expect(responses.filter((response) => response.status === 204)).toHaveLength(10);

    const rows = await t.db.select().from(dispatches);
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((row) => row.issueId)).size).toBe(10);
    expect(rows.every((row) => row.outcome === 'claimed')).toBe(true);
  });
});
