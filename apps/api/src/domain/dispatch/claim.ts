import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { preparedSql } from '../../db/prepared';
import type { IssueStatus } from '../../db/schema';
import type { PromptChoice } from '../prompts/compose';
import { type AlongsideWrite, failedOutcomes } from '../prompts/context';
import type { SelectionCandidate, SelectionContext } from '../prompts/selection';
import {
  type Instant,
  projectCondition,
  queueOrderSql,
  readyCondition,
  timestampParam,
} from './ready';
import { shortlistSize, shortlistSql } from './walk';

/** A live template with its active version, in the shape `selectTemplate` takes. */
export interface TemplateCandidate extends SelectionCandidate {
  id: string;
  activeVersionId: string;
  version: number;
  content: string;
}

/**
 * The claim as the claim statement recorded it: the dispatch row (its template not yet recorded), and
 * what choosing the template needs — the issue's selection facts and every candidate template.
 */
export interface Claim {
  dispatchId: string;
  issueId: string;
  /** The status it was picked in (`todo`, `triage` for a signal, `in_progress` after an expired lease). */
  previousStatus: IssueStatus;
  claimedAt: Date;
  leaseExpiresAt: Date;
  /** The issue's facts as it was picked (a signal in `triage`), which template conditions are matched on. */
  selection: SelectionContext;
  /** Every live template with an active version. */
  candidates: TemplateCandidate[];
}

interface ClaimRow extends Record<string, unknown> {
  issue_id: string;
  previous_status: IssueStatus;
  selection: SelectionContext | string;
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
 * - records the dispatch row,
 * - returns what choosing the template needs (the selection facts and the candidate templates):
 *   the caller chooses with `selectTemplate`, the one rule the preview uses too, and records the
 *   choice in the statement that loads the prompt's context (`recordChoice`; ADR 0029).
 * A claim writes nothing else: a version's metrics are counted from `dispatches` when it is read.
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
    selection: parsedJson(row.selection),
    candidates: parsedJson(row.candidates),
  };
}

/** Drivers that do not parse jsonb in raw results hand it over as text. */
function parsedJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
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
        returning id
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
      recorded as (
        insert into dispatches (id, issue_id, claimed_at, lease_expires_at, outcome, api_key_id, idempotency_key)
        select ${sql.placeholder('dispatchId')}, claimed.id,
          ${at}, ${timestampParam(sql.placeholder('leaseExpiresAt'))}, 'claimed',
          ${sql.placeholder('apiKeyId')}::text, ${sql.placeholder('idempotencyKey')}::text
        from claimed
        -- Reading all of closed runs it to completion first: the stale claim has left the
        -- one-open-claim index before the new row enters it.
        cross join (select count(*) from closed) as closing
        returning issue_id
      )
      select recorded.issue_id, candidate.status as previous_status,
        ${selectionSql} as selection,
        ${candidatesSql} as candidates
      from recorded
      join candidate on candidate.id = recorded.issue_id
      left join projects live_project on live_project.id = candidate.project_id and live_project.deleted_at is null`;
}

const literal = (text: string) => sql.raw(`'${text.replace(/'/g, "''")}'`);

/**
 * The picked issue's `SelectionContext`, read as `loadDispatchContext` reads it for the preview (the
 * type makes a key added there fail to compile here); `test/dispatch/template-choice.test.ts` checks
 * the two agree. Labels keep their case: `selectTemplate` compares them.
 */
const selectionFacts: { [K in keyof SelectionContext]: SQL } = {
  type: sql`candidate.type`,
  // The status it was picked in: a signal is matched as `triage`, as a preview would see it.
  status: sql`candidate.status`,
  priority: sql`candidate.priority`,
  signalSource: sql`candidate.signal_source`,
  labels: sql`array(
      select label.name from issue_labels carried
      join labels label on label.id = carried.label_id
      where carried.issue_id = candidate.id and label.deleted_at is null
    )`,
  projectId: sql`live_project.id`,
  // Earlier failed claims, plus the stale claim this very statement closes (expired or released).
  hasFailedSessions: sql`(exists (
      select 1 from dispatches earlier
      where earlier.issue_id = candidate.id and earlier.outcome in (${sql.join(failedOutcomes.map(literal), sql`, `)})
    ) or exists (select 1 from closed))`,
  hypothesisConfidence: sql`candidate.hypothesis -> 'confidence'`,
};

const selectionSql = sql`jsonb_build_object(${sql.join(
  Object.entries(selectionFacts).map(([key, value]) => sql`${literal(key)}, ${value}`),
  sql`, `,
)})`;

/** Every live template whose active version really is active (no other can be chosen), as `TemplateCandidate`s. */
const candidatesSql = sql`(select coalesce(jsonb_agg(jsonb_build_object(
    'id', template.id, 'slug', template.slug, 'conditions', template.conditions, 'specificity', template.specificity,
    'projectId', template.project_id, 'activeVersionId', active.id, 'version', active.version, 'content', active.content
  )), '[]'::jsonb)
  from prompt_templates template
  join prompt_versions active on active.id = template.active_version_id and active.status = 'active'
  where template.deleted_at is null)`;

/** Records the chosen template and version on the claim's dispatch row: a WITH clause for `loadDispatchContext`. */
const recordChoiceSql = sql`with recorded_choice as (
    update dispatches
    set template_id = ${sql.placeholder('choiceTemplateId')}::text, version_id = ${sql.placeholder('choiceVersionId')}::text
    where id = ${sql.placeholder('choiceDispatchId')}::text
  )`;

/** The write that records `choice` on the claim, to run in the statement that loads the prompt's context. */
export function recordChoice(claim: Pick<Claim, 'dispatchId'>, choice: PromptChoice): AlongsideWrite {
  return {
    shape: 'record_choice',
    withClause: recordChoiceSql,
    values: {
      choiceDispatchId: claim.dispatchId,
      choiceTemplateId: choice.template?.id ?? null,
      choiceVersionId: choice.version?.id ?? null,
    },
  };
}
