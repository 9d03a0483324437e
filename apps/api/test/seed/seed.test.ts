import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  comments,
  goals,
  issueLabels,
  issueRelations,
  issues,
  labels,
  projects,
  signals,
} from '../../src/db/schema';
import { checkSeedHierarchy, type SeedProject, seedDatabase, seedLabels, seedProjects } from '../../src/db/seed';
import { LoopError } from '../../src/domain/errors';
import { canonicalRelation } from '../../src/domain/relations/direction';
import { createTestApp, type TestApp } from '../support/app';

const seededTables = { projects, goals, labels, issues, issueLabels, issueRelations, comments, signals };

async function countRows(t: TestApp) {
  const entries = await Promise.all(
    Object.entries(seededTables).map(async ([name, table]) => [name, await t.db.$count(table)] as const),
  );
  return Object.fromEntries(entries);
}

describe('seedDatabase', () => {
  let t: TestApp;
  const now = new Date('2026-11-22T12:00:00.000Z');
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('fills an empty database, and a second run creates nothing new', async () => {
    const first = await seedDatabase(t.db, { now });
    expect(first.skipped).toEqual([]);
    expect(first.created).toMatchObject({ projects: 2, goals: 2, labels: seedLabels.length });
    const afterFirst = await countRows(t);
    expect(afterFirst).toMatchObject({
      projects: 2,
      goals: 2,
      labels: seedLabels.length,
      issues: first.created.issues,
      signals: first.created.signals,
      issueRelations: first.created.relations,
      comments: first.created.comments,
    });

    const second = await seedDatabase(t.db, { now: new Date(now.getTime() + 3_600_000) });
    expect(second.created).toEqual({ projects: 0, goals: 0, labels: 0, issues: 0, signals: 0, relations: 0, comments: 0 });
    expect(second.skipped).toEqual(seedProjects.map((project) => project.name));
    expect(await countRows(t)).toEqual(afterFirst);
  });

  it('obeys the one-level hierarchy rule: no child has children', async () => {
    const parent = alias(issues, 'parent');
    const grandchildren = await t.db
      .select({ id: issues.id })
      .from(issues)
      .innerJoin(parent, eq(issues.parentId, parent.id))
      .where(isNotNull(parent.parentId));
    expect(grandchildren).toEqual([]);
    const children = await t.db.$count(issues, isNotNull(issues.parentId));
    expect(children).toBeGreaterThan(0);
  });

  it('walks the whole loop in every project: signal, hypothesis, plan, tasks and monitor', async () => {
    const rows = await t.db.select({ projectId: issues.projectId, type: issues.type }).from(issues);
    const byProject = new Map<string, Set<string>>();
    for (const row of rows) byProject.set(row.projectId!, (byProject.get(row.projectId!) ?? new Set()).add(row.type));
    expect(byProject.size).toBe(2);
    for (const types of byProject.values()) {
      expect([...types].sort()).toEqual(['hypothesis', 'monitor', 'plan', 'signal', 'task']);
    }
  });

  it('stores relations canonically and includes blocks', async () => {
    const rows = await t.db.select().from(issueRelations);
    expect(rows.some((row) => row.type === 'blocks')).toBe(true);
    expect(rows.some((row) => row.type === 'blocked_by')).toBe(false);
    for (const row of rows.filter((relation) => relation.type !== 'blocks')) {
      expect(row.issueId < row.relatedIssueId).toBe(true);
    }
  });

  it('links each signal to a signal issue, and replies to comments on the same issue', async () => {
    const signalIssues = await t.db
      .select({ type: issues.type })
      .from(signals)
      .innerJoin(issues, eq(signals.issueId, issues.id));
    expect(signalIssues.length).toBeGreaterThan(0);
    expect(signalIssues.every((row) => row.type === 'signal')).toBe(true);

    const replies = await t.db.select().from(comments).where(isNotNull(comments.parentId));
    expect(replies.length).toBeGreaterThan(0);
  });

  it('keeps closed issues completed and open ones not', async () => {
    const rows = await t.db.select({ status: issues.status, completedAt: issues.completedAt }).from(issues);
    for (const row of rows) {
      expect(row.completedAt !== null, row.status).toBe(row.status === 'done' || row.status === 'canceled');
    }
  });

  it('serves the seeded projects through the API with their goals and issue counts', async () => {
    const list = await t.api.get('/api/v1/projects');
    expect(list.body.total).toBe(2);
    for (const summary of list.body.data) {
      const detail = (await t.api.get(`/api/v1/projects/${summary.id}`)).body.data;
      expect(detail.goal).toMatchObject({ projectId: summary.id });
      const total = Object.values(detail.issueCounts as Record<string, number>).reduce((sum, n) => sum + n, 0);
      expect(total).toBe(seedProjects.find((project) => project.name === summary.name)!.issues.length);
    }
  });
});

describe('seedDatabase on a database that already has data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reuses a live label of the same name in any case and leaves other rows alone', async () => {
    const [bug] = await t.db.insert(labels).values({ name: 'Bug', color: '#FF0000' }).returning();
    const mine = await t.api.post('/api/v1/projects', { name: 'My own project' });

    const report = await seedDatabase(t.db, { now: new Date() });
    expect(report.created.labels).toBe(seedLabels.length - 1);
    expect(await t.db.$count(labels, and(eq(labels.id, bug!.id), eq(labels.color, '#FF0000')))).toBe(1);
    expect(await t.db.$count(labels)).toBe(seedLabels.length);
    expect((await t.api.get(`/api/v1/projects/${mine.body.data.id}`)).body.data.name).toBe('My own project');
    expect(await t.db.$count(projects, isNull(projects.deletedAt))).toBe(3);
  });
});

describe('canonicalRelation', () => {
  it('stores blocked_by as the inverse blocks', () => {
    expect(canonicalRelation('blocked_by', 'a', 'b')).toEqual({ type: 'blocks', issueId: 'b', relatedIssueId: 'a' });
  });
  it('orders symmetric relations by id', () => {
    expect(canonicalRelation('related', 'b', 'a')).toEqual({ type: 'related', issueId: 'a', relatedIssueId: 'b' });
    expect(canonicalRelation('duplicate', 'a', 'b')).toEqual({ type: 'duplicate', issueId: 'a', relatedIssueId: 'b' });
  });
  it('keeps blocks as written', () => {
    expect(canonicalRelation('blocks', 'b', 'a')).toEqual({ type: 'blocks', issueId: 'b', relatedIssueId: 'a' });
  });
});

describe('checkSeedHierarchy', () => {
  const project = seedProjects[0]!;
  const withIssues = (issues: SeedProject['issues']): SeedProject => ({ ...project, issues });
  const task = (key: string, parent?: string) => ({ key, parent, title: key, type: 'task' as const, status: 'todo' as const, priority: 2, openedHoursAgo: 1 });
  const refusal = (candidate: SeedProject) => {
    try {
      checkSeedHierarchy(candidate);
    } catch (error) {
      return error as Error;
    }
    return null;
  };

  it('accepts the shipped seed data', () => {
    for (const shipped of seedProjects) expect(refusal(shipped)).toBeNull();
  });

  it('refuses a grandchild, a self-parent and a child with children with the API\'s own hierarchy_violation', () => {
    const cases = [
      { issues: [task('root'), task('child', 'root'), task('grandchild', 'child')], message: /Checkout reliability\/child: .*issue child has children, so it cannot become a child/ },
      { issues: [task('loop', 'loop')], message: /an issue cannot be its own parent/ },
    ];
    for (const { issues, message } of cases) {
      const error = refusal(withIssues(issues));
      expect(error?.message).toMatch(message);
      expect(error?.cause).toBeInstanceOf(LoopError);
      expect((error?.cause as LoopError).code).toBe('hierarchy_violation');
    }
  });

  it('refuses a parent the project does not have', () => {
    expect(refusal(withIssues([task('orphan', 'nobody')]))?.message).toMatch(/names an unknown parent nobody/);
  });
});

describe('npm run db:seed (seed-cli.ts)', () => {
  const apiDir = fileURLToPath(new URL('../..', import.meta.url));
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'loop-seed-cli-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  // A clean environment pinned to an embedded database of its own, so a developer's .env can never
  // point the test at a real database.
  const run = () =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/db/seed-cli.ts'], {
      cwd: apiDir,
      env: { PATH: process.env.PATH, LOOP_DATA_DIR: dataDir, LOOP_DB_DRIVER: 'pglite', DATABASE_URL: '' },
    });

  it('migrates and seeds the embedded database, then skips on a second run', { timeout: 120_000 }, async () => {
    const first = await run();
    expect(first.stdout).toMatch(/Seeded \(pglite\): 2 projects, 2 goals, \d+ labels, \d+ issues/);
    const second = await run();
    expect(second.stdout).toContain('Seeded (pglite): 0 projects, 0 goals, 0 labels, 0 issues');
    expect(second.stdout).toContain('Already present, left unchanged: Checkout reliability, Onboarding activation.');
  });
});
