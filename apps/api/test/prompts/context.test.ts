import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issues, projects } from '../../src/db/schema';
import { loadDispatchContext } from '../../src/domain/prompts/context';
import { createTestApp, type TestApp } from '../support/app';
import { aBlocksRelation, anEarlierClaim, anIssueRow, aProjectWithGoalRow, labelIssue } from '../support/fixtures/prompts';

const minutes = (n: number) => n * 60_000;
const base = new Date('2026-11-20T10:00:00.000Z');

describe('loadDispatchContext', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('loads a child issue with its parent, siblings, project, goal, labels, blockers and sessions in one statement', async () => {
    const { project, goal } = await aProjectWithGoalRow(t.db);
    const parent = await anIssueRow(t.db, { type: 'plan', projectId: project.id, description: 'The plan' });
    const issue = await anIssueRow(t.db, {
      parentId: parent.id,
      projectId: project.id,
      hypothesis: { statement: 'It works', confidence: 0.4, evidence: [], validationCriteria: 'tests pass' },
    });
    const sibling = await anIssueRow(t.db, { parentId: parent.id });
    await anIssueRow(t.db, { parentId: parent.id, deletedAt: new Date() });
    await labelIssue(t.db, issue, 'frontend');
    await labelIssue(t.db, issue, 'gone', { deletedAt: new Date() });
    const blocker = await anIssueRow(t.db);
    const blocked = await anIssueRow(t.db);
    const deletedBlocker = await anIssueRow(t.db, { deletedAt: new Date() });
    await aBlocksRelation(t.db, blocker, issue);
    await aBlocksRelation(t.db, issue, blocked);
    await aBlocksRelation(t.db, deletedBlocker, issue);
    await anEarlierClaim(t.db, issue, { outcome: 'expired', claimedAt: base, agentSessionId: 'session-1' });
    await anEarlierClaim(t.db, issue, { outcome: 'released', claimedAt: new Date(base.getTime() + minutes(60)), summary: 'Gave up' });

    t.queries.reset();
    const context = await loadDispatchContext(t.db, issue.id);
    expect(t.queries.count).toBe(1);

    expect(context.issue).toMatchObject({ id: issue.id, number: issue.number, createdAt: issue.createdAt.toISOString() });
    expect(context.parent).toMatchObject({ id: parent.id, description: 'The plan' });
    expect(context.siblings.map((s) => s.id)).toEqual([sibling.id]);
    expect(context.children).toEqual([]);
    expect(context.project).toEqual({
      id: project.id,
      name: project.name,
      description: project.description,
      status: project.status,
      health: project.health,
    });
    expect(context.goal).toMatchObject({ id: goal!.id, title: goal!.title, targetValue: 3.5, currentValue: 2.9 });
    expect(context.labels.map((label) => label.name)).toEqual(['frontend']);
    expect(context.blockedBy).toEqual([
      { id: blocker.id, number: blocker.number, title: blocker.title, type: 'task', status: 'todo', priority: 0 },
    ]);
    expect(context.blocking.map((b) => b.id)).toEqual([blocked.id]);
    expect(context.previousSessions).toEqual([
      expect.objectContaining({ outcome: 'expired', claimedAt: base.toISOString(), agentSessionId: 'session-1', summary: null }),
      expect.objectContaining({ outcome: 'released', summary: 'Gave up', finishedAt: expect.any(String) }),
    ]);
    expect(context.selection).toEqual({
      type: 'task',
      status: 'todo',
      priority: 0,
      signalSource: null,
      labels: ['frontend'],
      projectId: project.id,
      hasFailedSessions: true,
      hypothesisConfidence: 0.4,
    });
  });

  it('gives a root its live children and no siblings', async () => {
    const root = await anIssueRow(t.db, { type: 'plan' });
    const first = await anIssueRow(t.db, { parentId: root.id });
    const second = await anIssueRow(t.db, { parentId: root.id });
    await anIssueRow(t.db, { parentId: root.id, deletedAt: new Date() });
    const context = await loadDispatchContext(t.db, root.id);
    expect(context.children.map((child) => child.id)).toEqual([first.id, second.id]);
    expect(context.siblings).toEqual([]);
    expect(context.parent).toBeNull();
  });

  it('hides a deleted project and its goal, and counts only expired/released/canceled claims as failures', async () => {
    const { project } = await aProjectWithGoalRow(t.db);
    const issue = await anIssueRow(t.db, { projectId: project.id });
    await anEarlierClaim(t.db, issue, { outcome: 'done', claimedAt: base });
    await t.db.update(projects).set({ deletedAt: new Date() }).where(eq(projects.id, project.id));
    const context = await loadDispatchContext(t.db, issue.id);
    expect(context.project).toBeNull();
    expect(context.goal).toBeNull();
    expect(context.selection.projectId).toBeNull();
    expect(context.selection.hasFailedSessions).toBe(false);
  });

  it('can leave out the claim being recorded', async () => {
    const issue = await anIssueRow(t.db);
    const earlier = await anEarlierClaim(t.db, issue, { outcome: 'canceled', claimedAt: base });
    const current = await anEarlierClaim(t.db, issue, { outcome: 'claimed', claimedAt: new Date(base.getTime() + minutes(90)) });
    const context = await loadDispatchContext(t.db, issue.id, { excludeDispatchId: current.id });
    expect(context.previousSessions.map((session) => session.dispatchId)).toEqual([earlier.id]);
  });

  it('throws not_found for a deleted issue', async () => {
    const issue = await anIssueRow(t.db);
    await t.db.update(issues).set({ deletedAt: new Date() }).where(eq(issues.id, issue.id));
    await expect(loadDispatchContext(t.db, issue.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('still loads an issue deleted just after its claim, for the claimer that asks for it', async () => {
    const issue = await anIssueRow(t.db);
    await t.db.update(issues).set({ deletedAt: new Date() }).where(eq(issues.id, issue.id));
    const context = await loadDispatchContext(t.db, issue.id, { includeDeleted: true });
    expect(context.issue.id).toBe(issue.id);
  });
});
