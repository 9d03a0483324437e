import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { preparedSql } from '../../db/prepared';
import { rawRows } from '../../db/raw-rows';
import type { IssueStatus } from '../../db/schema';
import {
  type Instant,
  projectCondition,
  queueOrderSql,
  readyCondition,
  shortlistSize,
  shortlistSql,
  timestampParam,
} from './ready';
import {
  chosenTemplateSql,
  selectionFactsSql,
  type TemplateCandidate,
  templateCandidatesJsonSql,
  templateCandidatesSql,
} from './template-choice';

/** The claim as recorded: the dispatch row, and the template and version it chose. */
export interface Claim {
  dispatchId: string;
  issueId: string;
  /** The status it was picked in (`todo`, `triage` for a signal, `in_progress` after an expired lease). */
  previousStatus: IssueStatus;
  claimedAt: Date;
  leaseExpiresAt: Date;
  template: { id: string; slug: string } | null;
  version: { id: string; version: number; content: string } | null;
  /** Every template the choice considered, so the caller can check it against `selectTemplate`. */
  candidates: TemplateCandidate[];
}

interface ClaimRow extends Record<string, unknown> {
  issue_id: string;
  previous_status: IssueStatus;
  template_id: string | null;
  template_slug: string | null;
  version_id: string | null;
  version_number: number | null;
  version_content: string | null;
  candidates: TemplateCandidate[] | string;
}

/**
 * The top ready issue among those `where` admits, locked; a row another claimer holds is skipped.
 * Readiness is checked again on the locked row, which may have changed since the statement began.
 */
function pickSql(where: SQL, scope: ClaimScope): SQL {
  return sql`select issues.id, issues.status, issues.type, issues.priority, issues.signal_source, issues.project_id, issues.hypothesis
    from issues
    where ${where} and ${readyCondition(scope.now)} and ${projectCondition(scope.projectId)}
    order by ${queueOrderSql(scope.now)}
    limit 1
    for update of issues skip locked`;
}

/**
 * Claims the top ready issue in ONE statement, atomic without an explicit transaction:
 * - picks it with `FOR UPDATE SKIP LOCKED` (a concurrent claimer skips the locked row and takes the
 *   next one instead of waiting for it) from the shortlist of the queue's top issues (`shortlistSql`,
 *   index-served, so the claim costs the same whatever the backlog), or from the whole queue when
 *   every shortlisted issue is taken,
 * - closes its stale open claim (`expired` once the lease has run out, else `released`),
 * - moves it to `in_progress`,
 * - chooses the template (`template-choice.ts`) and records the dispatch row with it,
 * - recomputes the completion metrics of the version whose claim it closed, if any (the new claim
 *   changes no stored metric: usage is counted from `dispatches`, ADR 0019).
 * Returns undefined when nothing is ready. Two claimers can still meet on an issue whose lease just
 * expired (the loser's snapshot still sees the old claim): the one-open-claim index then refuses the
 * loser's row with a unique violation, and the whole statement is undone, so the caller may retry.
 * The same holds for two claims with one Idempotency-Key (`dispatches_idempotency_key`).
 */
export async function claimTopReady(
  db: DB,
  options: {
    projectId?: string | undefined;
    now: Date;
    leaseExpiresAt: Date;
    dispatchId: string;
    /** Who claims (recorded on the dispatch), and the Idempotency-Key they claim with, if any. */
    apiKeyId?: string | undefined;
    idempotencyKey?: string | undefined;
  },
): Promise<Claim | undefined> {
  const statement = preparedSql<ClaimRow>(db, options.projectId === undefined ? 'claim_any' : 'claim_in_project', () =>
    claimSql({ now: sql.placeholder('now'), projectId: options.projectId === undefined ? undefined : sql.placeholder('projectId') }),
  );
  const [row] = await statement.rows({
    now: options.now.toISOString(),
    leaseExpiresAt: options.leaseExpiresAt.toISOString(),
    dispatchId: options.dispatchId,
    projectId: options.projectId,
    apiKeyId: options.apiKeyId ?? null,
    idempotencyKey: options.idempotencyKey ?? null,
  });
  if (!row) return undefined;
  return {
    dispatchId: options.dispatchId,
    issueId: row.issue_id,
    previousStatus: row.previous_status,
    claimedAt: options.now,
    leaseExpiresAt: options.leaseExpiresAt,
    template: row.template_id ? { id: row.template_id, slug: row.template_slug! } : null,
    version: row.version_id
      ? { id: row.version_id, version: Number(row.version_number), content: row.version_content! }
      : null,
    // Drivers that do not parse jsonb in raw results hand it over as text.
    candidates: typeof row.candidates === 'string' ? (JSON.parse(row.candidates) as TemplateCandidate[]) : row.candidates,
  };
}

/** What the claim's text depends on: placeholders, so one prepared statement serves every claim. */
interface ClaimScope {
  now: Instant;
  projectId: Placeholder | undefined;
}

function claimSql(scope: ClaimScope): SQL {
  const at = timestampParam(scope.now);
  return sql`with shortlist as (${shortlistSql(scope.now, scope.projectId)}),
      -- The first shortlisted issue nobody else is claiming right now.
      shortlisted as (${pickSql(sql`issues.id = any(array(select id from shortlist))`, scope)}),
      -- Every shortlisted issue is taken (more claims in flight than the shortlist holds): the whole
      -- queue. A shortlist shorter than its size already is the whole queue, and an empty one an empty
      -- queue: then nothing is left to look for (idle agents polling an empty queue stay cheap).
      anywhere as (${pickSql(
        sql`not exists (select 1 from shortlisted) and (select count(*) from shortlist) >= ${sql.raw(String(shortlistSize))}`,
        scope,
      )}),
      candidate as (select * from shortlisted union all select * from anywhere),
      closed as (
        update dispatches
        set outcome = (case when lease_expires_at <= ${at} then 'expired' else 'released' end)::dispatch_outcome,
          finished_at = ${at}
        where issue_id = (select id from candidate) and outcome = 'claimed'
        returning version_id
      ),
      claimed as (
        update issues
        set status = 'in_progress',
          -- a re-claim after an expired lease is no status change: the waiting time keeps counting
          status_changed_at = case when issues.status = 'in_progress' then issues.status_changed_at else ${at} end,
          updated_at = ${at}
        where issues.id in (select id from candidate)
        returning issues.id
      ),
      -- Materialized: the facts are one row, computed once, not once per template they are tested on.
      selection_facts as materialized (${selectionFactsSql()}),
      template_candidates as (${templateCandidatesSql()}),
      chosen as (${chosenTemplateSql()}),
      recorded as (
        insert into dispatches (id, issue_id, template_id, version_id, claimed_at, lease_expires_at, outcome, api_key_id, idempotency_key)
        select ${sql.placeholder('dispatchId')}, claimed.id, chosen.template_id, chosen.version_id,
          ${at}, ${timestampParam(sql.placeholder('leaseExpiresAt'))}, 'claimed',
          ${sql.placeholder('apiKeyId')}::text, ${sql.placeholder('idempotencyKey')}::text
        from claimed
        left join chosen on true
        -- Reading all of closed runs it to completion first: the stale claim has left the
        -- one-open-claim index before the new row enters it.
        cross join (select count(*) from closed) as closing
        returning id, issue_id, version_id
      )
      select recorded.issue_id, candidate.status as previous_status,
        chosen.template_id, chosen.slug as template_slug,
        chosen.version_id, chosen.version as version_number, chosen.content as version_content,
        ${templateCandidatesJsonSql()} as candidates
      from recorded
      join candidate on candidate.id = recorded.issue_id
      left join chosen on true`;
}

/**
 * Moves a recorded claim to another template (or to none); its use moves with the dispatch row, from
 * which usage is counted. One statement; returns the new version. Only called when the SQL choice and
 * `selectTemplate` disagree.
 */
export async function moveClaimToTemplate(
  db: DB,
  claim: Pick<Claim, 'dispatchId'>,
  target: { templateId: string | null; versionId: string | null },
): Promise<Claim['version']> {
  const [version] = await rawRows<{ id: string; version: number; content: string }>(
    db,
    sql`with moved as (
        update dispatches set template_id = ${target.templateId}, version_id = ${target.versionId}
        where id = ${claim.dispatchId}
        returning version_id
      )
      select target.id, target.version, target.content
      from prompt_versions target
      join moved on moved.version_id = target.id`,
  );
  return version ? { id: version.id, version: Number(version.version), content: version.content } : null;
}
