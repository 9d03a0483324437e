import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRows } from '../../src/db/raw-rows';
import { issues, issueStatuses, issueTypes } from '../../src/db/schema';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aProject, deleteProject } from '../support/fixtures/issues';

type Key = { project_key: string; status: string; type: string; priority: number; n: number };

/** Non-zero counts per key, from the maintained table or from a recount of the live issues. */
const maintained = (t: TestApp) =>
  rawRows<Key>(
    t.db,
    sql`select project_key, status::text, type::text, priority, sum(count)::int as n from issue_counts
      group by 1, 2, 3, 4 having sum(count) <> 0 order by 1, 2, 3, 4`,
  );
const recounted = (t: TestApp) =>
  rawRows<Key>(
    t.db,
    sql`select coalesce(project_id, '') as project_key, status::text, type::text, priority, count(*)::int as n from issues
      where deleted_at is null group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
  );

type Write =
  | { kind: 'create'; status: number; type: number; priority: number; project: number }
  | { kind: 'update'; pick: number; status: number; priority: number; project: number }
  | { kind: 'delete' | 'restore' | 'erase'; pick: number }
  | { kind: 'bulk'; status: number; priority: number };

const writes = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), status: fc.nat(5), type: fc.nat(4), priority: fc.nat(4), project: fc.nat(3) }),
  fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), status: fc.nat(5), priority: fc.nat(4), project: fc.nat(3) }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'restore' as const, 'erase' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('bulk' as const), status: fc.nat(5), priority: fc.nat(4) }),
);

describe('issue_counts: counts kept by the database as issues are written', () => {
  const clock = new TestClock(new Date('2026-11-01T00:00:00.000Z'));
  let t: TestApp;
  let projectIds: (string | null)[];
  beforeAll(async () => {
    t = await createTestApp({ clock });
    const projects = await Promise.all([aProject(t.db), aProject(t.db), aProject(t.db)]);
    projectIds = [null, ...projects.map((p) => p.id)];
    // A random mix, fixed by its seed: creates through the API, updates, deletes, restores and hard
    // deletes, and multi-row statements (one trigger firing for many rows and keys).
    const mix: Write[] = fc.sample(fc.array(writes, { minLength: 120, maxLength: 120 }), { seed: 21, numRuns: 1 })[0]!;
    const ids: string[] = [];
    const pick = (n: number) => ids[n % Math.max(ids.length, 1)];
    for (const write of mix) {
      const id = 'pick' in write ? pick(write.pick) : undefined;
      if (write.kind === 'create') {
        const response = await t.api.post('/api/v1/issues', {
          title: `Issue ${ids.length}`,
          type: issueTypes[write.type],
          status: issueStatuses[write.status],
          priority: write.priority,
          projectId: projectIds[write.project],
        });
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        ids.push(response.body.data.id);
      } else if (write.kind === 'bulk') {
        await t.db.execute(
          sql`update issues set status = ${issueStatuses[write.status]}, priority = ${write.priority}
            where priority = ${(write.priority + 1) % 5}`,
        );
      } else if (id === undefined) {
        continue;
      } else if (write.kind === 'update') {
        await t.api.patch(`/api/v1/issues/${id}`, {
          status: issueStatuses[write.status],
          priority: write.priority,
          projectId: projectIds[write.project],
        });
      } else if (write.kind === 'delete') {
        await t.api.delete(`/api/v1/issues/${id}`);
      } else if (write.kind === 'restore') {
        await t.db.update(issues).set({ deletedAt: null }).where(eq(issues.id, id));
      } else if (write.kind === 'erase') {
        // Only a row nothing references can go; the rest stay.
        await t.db.execute(sql`delete from issues where id = ${id}
          and not exists (select 1 from issues child where child.parent_id = ${id})`);
      }
    }
    // A deleted project keeps its issues' counts under its id (the unfiltered list still shows them).
    await deleteProject(t.db, projects[0].id);
  });
  afterAll(() => t.close());

  it('equal a recount of the live issues after a random mix of writes, deletes and restores', async () => {
    const counted = await recounted(t);
    expect(counted.length).toBeGreaterThan(5);
    expect(await maintained(t)).toEqual(counted);
  });

  it('give every list total the recount gives, with or without filters', async () => {
    const recount = async (where: string) =>
      (
        await rawRows<{ n: number }>(
          t.db,
          sql.raw(`select count(*)::int as n from issues left join projects on projects.id = issues.project_id and projects.deleted_at is null
            where issues.deleted_at is null ${where}`),
        )
      )[0]!.n;
    const cases: [string, string][] = [
      ['', ''],
      ['status=todo,done', "and issues.status in ('todo', 'done')"],
      ['type=task&priority=1,2', "and issues.type = 'task' and issues.priority in (1, 2)"],
      [`projectId=${projectIds[2]}`, `and projects.id = '${projectIds[2]}'`],
      [`projectId=${projectIds[1]}`, `and projects.id = '${projectIds[1]}'`],
      [`projectId=${projectIds[3]}&status=backlog`, `and projects.id = '${projectIds[3]}' and issues.status = 'backlog'`],
      ['q=issue&status=todo', "and issues.status = 'todo'"],
    ];
    for (const [query, where] of cases) {
      const response = await t.api.get(`/api/v1/issues?limit=1&${query}`);
      expect(response.body.total, query).toBe(await recount(where));
      const beyond = await t.api.get(`/api/v1/issues?limit=1&offset=100000&${query}`);
      expect(beyond.body.total, `${query} (empty page)`).toBe(response.body.total);
    }
  });

  it('give the dashboard the recount by status and type', async () => {
    const counted = await recounted(t);
    const stats = (await t.api.get('/api/v1/dashboard/stats')).body.data.issues;
    expect(stats.total).toBe(counted.reduce((sum, row) => sum + row.n, 0));
    for (const status of issueStatuses) {
      expect(stats.byStatus[status], status).toBe(counted.filter((row) => row.status === status).reduce((sum, row) => sum + row.n, 0));
    }
    for (const type of issueTypes) {
      expect(stats.byType[type], type).toBe(counted.filter((row) => row.type === type).reduce((sum, row) => sum + row.n, 0));
    }
  });
});
