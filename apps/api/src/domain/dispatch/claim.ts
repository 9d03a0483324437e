import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { preparedSql } from '../../db/prepared';
import type { IssueStatus } from '../../db/schema';
import type { PromptChoice } from '../prompts/compose';
import { type AlongsideWrite, failedOutcomes } from '../prompts/context';
import type { SelectionCandidate, SelectionContext } from '../prompts/selection';
import {
  type Instant,
  loopRankSql,
  projectCondition,
  queueOrderSql,
  readyCondition,
  timestampParam,
  totalScoreSql,
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
  dispatch_id: string;
  issue_id: string;
  previous_status: IssueStatus;
  selection: SelectionContext | string;
  /** On the first row only: the same for every claim of the batch. */
  candidates: TemplateCandidate[] | string | null;
}

/** One claim of a batch: its dispatch row's own values. */
export interface ClaimRequest {
  dispatchId: string;
  leaseExpiresAt: Date;
  /** Who claims (recorded on the dispatch), and the Idempotency-Key they claim with, if any. */
  apiKeyId?: string | undefined;
  idempotencyKey?: string | undefined;
}

/** What the claim reads of a picked issue, with its place in the queue's order (`queueOrderSql` as columns). */
const pickedColumns = (scope: ClaimScope): SQL =>
  sql`issues.id, issues.status, issues.type, issues.priority, issues.signal_source, issues.project_id, issues.hypothesis,
    -${totalScoreSql(scope.now)} as key_score, ${loopRankSql()} as key_rank, issues.status_changed_at, issues.number`;

/**
 * The top ready issues among those `where` admits, at most `count`, locked; a row another claimer
 * holds is skipped. Readiness is checked again on each locked row, which may have changed since the
 * statement began.
 */
function pickSql(where: SQL, scope: ClaimScope, count: SQL): SQL {
  return sql`select ${pickedColumns(scope)}
    from issues
    where ${where} and ${readyCondition(scope.now)} and ${projectCondition(scope.projectId)}
    order by ${queueOrderSql(scope.now)}
    limit ${count}
    for update of issues skip locked`;
}

/**
 * `pickSql` over the whole queue, read back by id. A generic plan takes a LIMIT it cannot see as a
 * tenth of what it limits: on the queue, thousands of claims, for which every later step of the
 * batch would be planned (reading all `dispatches` once rather than probing it per issue, or all
 * `issues` for the update). Rows read by id and cut by that LIMIT are estimated as one, as the
 * shortlist's pick is.
 */
function pickFromQueueSql(where: SQL, scope: ClaimScope, count: SQL): SQL {
  return sql`select ${pickedColumns(scope)} from issues
    where issues.id = any(array(select picked.id from (${pickSql(where, scope, count)}) as picked))
    limit ${count}`;
}

/**
 * Claims the top ready issues, one per request in `claims` (a batch: the claim gate gathers the claims
 * waiting their turn), in ONE statement, atomic without an explicit transaction:
 * - picks them with `FOR UPDATE SKIP LOCKED` (a concurrent claimer skips the locked rows and takes the
 *   next ones instead of waiting) from the shortlist of the queue's top issues (`shortlistSql`,
 *   index-served, so the claim costs the same whatever the backlog), and from the whole queue when
 *   the shortlist's free issues are too few,
 * - closes their stale open claims (`expired` once the lease has run out, else `released`),
 * - moves them to `in_progress`,
 * - records a dispatch row for each, the best issue for the first request, the next for the second…,
 * - returns what choosing each template needs (the selection facts and the candidate templates):
 *   the caller chooses with `selectTemplate`, the one rule the preview uses too, and records the
 *   choice in the statement that loads the prompts' contexts (`recordChoices`; ADR 0029).
 * A claim writes nothing else: a version's metrics are counted from `dispatches` when it is read.
 * The shortlist is read once for the whole batch: that walk is most of a claim's cost (ADR 0053).
 * Answers each request in order; a request gets none when the queue ran out before it. Two
 * claimers can still meet on an issue whose lease just expired (the loser's snapshot still sees the
 * old claim): the one-open-claim index then refuses the loser's row with a unique violation, and the
 * whole statement is undone, so the caller may retry. The same holds for two claims with one
 * Idempotency-Key (`dispatches_idempotency_key`).
 */
export async function claimTopReady(
  db: DB,
  options: { projectId?: string | undefined; now: Date; claims: readonly ClaimRequest[] },
): Promise<(Claim | undefined)[]> {
  if (options.claims.length === 0) return [];
  const statement = preparedSql<ClaimRow>(db, options.projectId === undefined ? 'claim_any' : 'claim_in_project', () =>
    claimSql({ now: sql.placeholder('now'), projectId: options.projectId === undefined ? undefined : sql.placeholder('projectId') }),
  );
  const rows = await statement.rows({
    now: options.now.toISOString(),
    count: options.claims.length,
    dispatchIds: options.claims.map((claim) => claim.dispatchId),
    leaseExpiries: options.claims.map((claim) => claim.leaseExpiresAt.toISOString()),
    apiKeyIds: options.claims.map((claim) => claim.apiKeyId ?? null),
    idempotencyKeys: options.claims.map((claim) => claim.idempotencyKey ?? null),
    projectId: options.projectId,
  });
  const byDispatch = new Map(rows.map((row) => [row.dispatch_id, row]));
  const listed = rows.find((row) => row.candidates !== null)?.candidates;
  const candidates = listed ? parsedJson(listed) : [];
  return options.claims.map((request) => {
    const row = byDispatch.get(request.dispatchId);
    if (!row) return undefined;
    return {
      dispatchId: request.dispatchId,
      issueId: row.issue_id,
      previousStatus: row.previous_status,
      claimedAt: options.now,
      leaseExpiresAt: request.leaseExpiresAt,
      selection: parsedJson(row.selection),
      candidates,
    };
  });
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
  const count = sql`${sql.placeholder('count')}::int`;
  const array = (name: string, type: string) => sql`${sql.placeholder(name)}::${sql.raw(type)}[]`;
  return sql`with shortlist as (${shortlistSql(scope.now, scope.projectId)}),
      -- The first shortlisted issues nobody else is claiming right now.
      shortlisted as (${pickSql(sql`issues.id = any(array(select id from shortlist))`, scope, count)}),
      -- Too few of the shortlisted issues are free (more claims in flight than the shortlist holds): the
      -- rest from the whole queue. A shortlist shorter than its size already is the whole queue, and
      -- an empty one an empty queue: then nothing is left to look for (idle agents polling an empty
      -- queue stay cheap).
      anywhere as (${pickFromQueueSql(
        sql`(select count(*) from shortlisted) < ${count} and (select count(*) from shortlist) >= ${sql.raw(String(shortlistSize))}
          and issues.id <> all(array(select id from shortlisted))`,
        scope,
        sql`${count} - (select count(*) from shortlisted)::int`,
      )}),
      -- Each picked issue's place in the batch: the shortlist's in the queue's order, then the rest.
      candidate as (
        select picked.*, row_number() over (
          order by picked.from_anywhere, picked.key_score, picked.key_rank, picked.status_changed_at, picked.number
        ) as place
        from (select *, false as from_anywhere from shortlisted union all select *, true from anywhere) as picked
      ),
      closed as (
        update dispatches
        set outcome = (case when lease_expires_at <= ${at} then 'expired' else 'released' end)::dispatch_outcome,
          finished_at = ${at}
        where issue_id = any(array(select id from candidate)) and outcome = 'claimed'
        returning issue_id
      ),
      claimed as (
        update issues
        set status = 'in_progress',
          -- a re-claim after an expired lease is no status change: the waiting time keeps counting
          status_changed_at = case when issues.status = 'in_progress' then issues.status_changed_at else ${at} end,
          updated_at = ${at}
        where issues.id = any(array(select id from candidate))
        returning issues.id
      ),
      recorded as (
        insert into dispatches (id, issue_id, claimed_at, lease_expires_at, outcome, api_key_id, idempotency_key)
        select request.dispatch_id, claimed.id, ${at}, request.lease_expires_at, 'claimed', request.api_key_id, request.idempotency_key
        from claimed
        join candidate on candidate.id = claimed.id
        join unnest(${array('dispatchIds', 'text')}, ${array('leaseExpiries', 'timestamptz')}, ${array('apiKeyIds', 'text')},
          ${array('idempotencyKeys', 'text')}) with ordinality as request(dispatch_id, lease_expires_at, api_key_id, idempotency_key, place)
          on request.place = candidate.place
        -- Reading all of closed runs it to completion first: the stale claims have left the
        -- one-open-claim index before the new rows enter it.
        cross join (select count(*) from closed) as closing
        returning id, issue_id
      )
      select recorded.id as dispatch_id, recorded.issue_id, candidate.status as previous_status,
        ${selectionSql} as selection,
        -- Every live template, with its content, once for the batch rather than once per claim.
        case when row_number() over () = 1 then ${candidatesSql} end as candidates
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
    ) or exists (select 1 from closed where closed.issue_id = candidate.id))`,
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

/** Records each claim's chosen template and version on its dispatch row: a WITH clause for `loadClaimedContexts`. */
const recordChoicesSql = sql`with recorded_choice as (
    update dispatches
    set template_id = choice.template_id, version_id = choice.version_id
    from unnest(${sql.placeholder('choiceDispatchIds')}::text[], ${sql.placeholder('choiceTemplateIds')}::text[],
      ${sql.placeholder('choiceVersionIds')}::text[]) as choice(dispatch_id, template_id, version_id)
    -- The ids once more as an index condition: joined only to the unnested list, a plan made while
    -- statistics saw few dispatches would read all of them to find the batch's.
    where dispatches.id = any(${sql.placeholder('choiceDispatchIds')}::text[]) and dispatches.id = choice.dispatch_id
  )`;

/** The write that records each claim's choice, to run in the statement that loads the prompts' contexts. */
export function recordChoices(choices: readonly { claim: Pick<Claim, 'dispatchId'>; choice: PromptChoice }[]): AlongsideWrite {
  return {
    shape: 'record_choices',
    withClause: recordChoicesSql,
    values: {
      choiceDispatchIds: choices.map(({ claim }) => claim.dispatchId),
      choiceTemplateIds: choices.map(({ choice }) => choice.template?.id ?? null),
      choiceVersionIds: choices.map(({ choice }) => choice.version?.id ?? null),
    },
  };
}
