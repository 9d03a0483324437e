import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRows } from '../../src/db/raw-rows';
import { dispatches, issues, promptReviews, promptTemplates } from '../../src/db/schema';
import { createTestApp, TestClock, type TestApp } from '../support/app';
import { aDispatch, anIssue, aReview, aSignal, aTemplateWithActiveVersion, daysBefore, fixtureNow } from '../support/fixtures/dispatch';

type Write =
  | { kind: 'issue' | 'signal' | 'closed' | 'undated'; age: number }
  | { kind: 'claim' | 'review' | 'delete' | 'restore' | 'unclaim' | 'unreview'; pick: number }
  | { kind: 'dropTemplate' | 'keepTemplate'; pick: number };

const writes: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constantFrom('issue' as const, 'signal' as const, 'closed' as const, 'undated' as const), age: fc.nat(500) }),
  fc.record({
    kind: fc.constantFrom('claim' as const, 'review' as const, 'delete' as const, 'restore' as const, 'unclaim' as const, 'unreview' as const),
    pick: fc.nat(),
  }),
  fc.record({ kind: fc.constantFrom('dropTemplate' as const, 'keepTemplate' as const), pick: fc.nat() }),
);

/**
 * The activity feed's total comes from maintained counts less the rows of deleted issues and templates
 * (`activityTotalSql`); the oracle is the feed itself, walked to its end, and each source counted row by row.
 */
describe('GET /dashboard/activity: the total kept without counting the events', () => {
  let t: TestApp;

  /** Each source's events, counted over the rows as the feed defines them. */
  const recount = async () =>
    (
      await rawRows<{ n: number }>(
        t.db,
        sql`select (
          (select count(*) from signals join issues on issues.id = signals.issue_id where issues.deleted_at is null)
          + (select count(*) from issues where deleted_at is null and not exists (select 1 from signals where signals.issue_id = issues.id))
          + (select count(*) from issues where deleted_at is null and status in ('done', 'canceled') and completed_at is not null)
          + (select count(*) from dispatches join issues on issues.id = dispatches.issue_id where issues.deleted_at is null)
          + (select count(*) from prompt_reviews join issues on issues.id = prompt_reviews.issue_id and issues.deleted_at is null
              join prompt_versions on prompt_versions.id = prompt_reviews.version_id
              join prompt_templates on prompt_templates.id = prompt_versions.template_id where prompt_templates.deleted_at is null)
        )::int as n`,
      )
    )[0]!.n;

  beforeAll(async () => {
    t = await createTestApp({ clock: new TestClock(fixtureNow) });
    const templates = await Promise.all([aTemplateWithActiveVersion(t.db), aTemplateWithActiveVersion(t.db), aTemplateWithActiveVersion(t.db)]);
    const issueIds: string[] = [];
    const claimIds: string[] = [];
    const reviewIds: string[] = [];
    const pick = (list: string[], n: number) => list[n % Math.max(list.length, 1)];
    const mix = fc.sample(fc.array(writes, { minLength: 150, maxLength: 150 }), { seed: 42, numRuns: 1 })[0]!;
    for (const write of mix) {
      if (write.kind === 'issue') issueIds.push((await anIssue(t.db, { createdAt: daysBefore(write.age / 100) })).id);
      else if (write.kind === 'signal') issueIds.push((await aSignal(t.db, { createdAt: daysBefore(write.age / 100) })).issueId);
      else if (write.kind === 'closed' || write.kind === 'undated') {
        // Written directly, a closed issue may lack its closing time: it is no closing event.
        const completedAt = write.kind === 'closed' ? daysBefore(write.age / 200) : null;
        issueIds.push((await anIssue(t.db, { status: write.age % 2 ? 'done' : 'canceled', completedAt })).id);
      } else if (write.kind === 'dropTemplate' || write.kind === 'keepTemplate') {
        const { template } = templates[write.pick % templates.length]!;
        await t.db
          .update(promptTemplates)
          .set({ deletedAt: write.kind === 'dropTemplate' ? fixtureNow : null })
          .where(eq(promptTemplates.id, template.id));
      } else if ('pick' in write) {
        const issueId = pick(issueIds, write.pick);
        if (issueId === undefined) continue;
        if (write.kind === 'claim') {
          claimIds.push((await aDispatch(t.db, { issueId, claimedAt: daysBefore((write.pick % 300) / 100), outcome: 'done' })).id);
        } else if (write.kind === 'review') {
          const { version } = templates[write.pick % templates.length]!;
          reviewIds.push((await aReview(t.db, { versionId: version!.id, issueId, clarity: 3, completeness: 3, relevance: 3 })).id);
        } else if (write.kind === 'delete' || write.kind === 'restore') {
          await t.db.update(issues).set({ deletedAt: write.kind === 'delete' ? fixtureNow : null }).where(eq(issues.id, issueId));
        } else if (write.kind === 'unclaim') {
          const id = claimIds.splice(write.pick % Math.max(claimIds.length, 1), 1)[0];
          if (id) await t.db.delete(dispatches).where(eq(dispatches.id, id));
        } else if (write.kind === 'unreview') {
          const id = reviewIds.splice(write.pick % Math.max(reviewIds.length, 1), 1)[0];
          if (id) await t.db.delete(promptReviews).where(eq(promptReviews.id, id));
        }
      }
    }
    // Whatever the mix left, a deleted issue takes its claims and reviews with it.
    const gone = await aSignal(t.db, { createdAt: daysBefore(1) });
    await aDispatch(t.db, { issueId: gone.issueId, claimedAt: daysBefore(1), outcome: 'done' });
    await aReview(t.db, { versionId: templates[0].version!.id, issueId: gone.issueId, clarity: 2, completeness: 2, relevance: 2 });
    await t.db.update(issues).set({ deletedAt: fixtureNow }).where(eq(issues.id, gone.issueId));
  }, 120_000);
  afterAll(() => t.close());

  it('equals the events counted row by row and the events the feed walks, after a random mix of writes', async () => {
    const expected = await recount();
    expect(expected).toBeGreaterThan(50);
    const first = await t.api.get('/api/v1/dashboard/activity?limit=40');
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(expected);

    let walked = first.body.data.length;
    let cursor: string | null = first.body.nextCursor;
    while (cursor) {
      const page = await t.api.get(`/api/v1/dashboard/activity?limit=40&cursor=${cursor}`);
      const body = page.body as { total: number; nextCursor: string | null; data: unknown[] };
      expect(body.total).toBe(expected);
      walked += body.data.length;
      cursor = body.nextCursor;
    }
    expect(walked).toBe(expected);
  });
});
