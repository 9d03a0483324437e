import { type SQL, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { rawRows } from '../../db/raw-rows';
import type { DispatchOutcome, IssueStatus, IssueType, Severity } from '../../db/schema';
import { closedStatusesSql } from '../issues/status';
import { type CursorInput, cursorTimeSql, decodeCursor, pageRows } from '../cursor';
import type { Activity, ActivityType } from './schemas';

interface ActivityRow extends Record<string, unknown> {
  type: ActivityType;
  at: Date | string;
  event_id: string;
  issue_id: string;
  issue_number: number;
  issue_title: string;
  issue_type: IssueType;
  issue_status: IssueStatus;
  issue_priority: number;
  details: Record<string, unknown> | string | null;
  cursor_at: string;
}

const deletedIssueIds = sql`select deleted.id from issues deleted where deleted.deleted_at is not null`;

const issueColumns = sql`issues.id as issue_id, issues.number as issue_number, issues.title as issue_title,
  issues.type as issue_type, issues.status as issue_status, issues.priority as issue_priority`;

/** Timestamps inside `details` travel as epoch milliseconds, so no session time zone formats them. */
const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;

/**
 * The loop's event sources. Each is `from … where …` (a cursor's condition is appended) plus its time column; every one joins a live
 * issue, so a deleted issue's events disappear with it. Issues opened by a signal are reported once,
 * as `signal_received`.
 */
const sources: { type: SQL; at: SQL; id: SQL; details: SQL; from: SQL }[] = [
  {
    type: sql`'signal_received'`,
    at: sql`signals.created_at`,
    id: sql`signals.id`,
    details: sql`jsonb_build_object('id', signals.id, 'source', signals.source, 'type', signals.type, 'severity', signals.severity)`,
    from: sql`signals join issues on issues.id = signals.issue_id where issues.deleted_at is null`,
  },
  {
    type: sql`'issue_created'`,
    at: sql`issues.created_at`,
    id: sql`issues.id`,
    details: sql`null::jsonb`,
    from: sql`issues where issues.deleted_at is null
      and not exists (select 1 from signals opened where opened.issue_id = issues.id)`,
  },
  {
    type: sql`(case when issues.status = 'done' then 'issue_completed' else 'issue_canceled' end)`,
    at: sql`issues.completed_at`,
    id: sql`issues.id`,
    details: sql`null::jsonb`,
    from: sql`issues where issues.deleted_at is null and issues.status in ${closedStatusesSql} and issues.completed_at is not null`,
  },
  {
    type: sql`'issue_claimed'`,
    at: sql`dispatches.claimed_at`,
    id: sql`dispatches.id`,
    details: sql`jsonb_build_object('id', dispatches.id, 'outcome', dispatches.outcome, 'templateId', dispatches.template_id,
      'versionId', dispatches.version_id, 'leaseExpiresAt', ${epochMs(sql`dispatches.lease_expires_at`)},
      'finishedAt', ${epochMs(sql`dispatches.finished_at`)})`,
    from: sql`dispatches join issues on issues.id = dispatches.issue_id where issues.deleted_at is null`,
  },
  {
    type: sql`'prompt_reviewed'`,
    at: sql`prompt_reviews.created_at`,
    id: sql`prompt_reviews.id`,
    details: sql`jsonb_build_object('id', prompt_reviews.id, 'versionId', prompt_reviews.version_id,
      'templateSlug', prompt_templates.slug, 'clarity', prompt_reviews.clarity,
      'completeness', prompt_reviews.completeness, 'relevance', prompt_reviews.relevance)`,
    from: sql`prompt_reviews
      join issues on issues.id = prompt_reviews.issue_id and issues.deleted_at is null
      join prompt_versions on prompt_versions.id = prompt_reviews.version_id
      join prompt_templates on prompt_templates.id = prompt_versions.template_id
      where prompt_templates.deleted_at is null`,
  },
];

/**
 * How many events the sources hold, without counting them row by row. Every live issue is exactly one
 * of `signal_received` or `issue_created` (a signal opens one issue, `signals_issue_id_key`), so those
 * two are the live issues; the closed ones are `issue_counts`' done and canceled, less the few without a
 * closing time; claims and reviews are the maintained table sizes (`row_counts`, ADR 0042) less the rows
 * of deleted issues — and, for reviews, of deleted templates — found from the short lists of those.
 * Exactly the sum of the sources' own counts (the tests hold it to that).
 */
const activityTotalSql = sql`(
  (select coalesce(sum(count), 0) from issue_counts)
  + (select coalesce(sum(count), 0) from issue_counts where status in ${closedStatusesSql})
  - (select count(*) from issues where issues.deleted_at is null and issues.completed_at is null and issues.status in ${closedStatusesSql})
  + (select coalesce(sum(count), 0) from row_counts where table_name = 'dispatches')
  - (select count(*) from dispatches where dispatches.issue_id = any(array(${deletedIssueIds})))
  + (select coalesce(sum(count), 0) from row_counts where table_name = 'prompt_reviews')
  - (select count(*) from prompt_reviews
      where prompt_reviews.issue_id = any(array(${deletedIssueIds}))
        or prompt_reviews.version_id = any(array(select prompt_versions.id from prompt_versions
          join prompt_templates on prompt_templates.id = prompt_versions.template_id
          where prompt_templates.deleted_at is not null)))
)::bigint`;

const cursorList = 'activity';

/**
 * Recent loop events, newest first (ties by event id, then type: an issue created and closed in the
 * same instant is two events with one id). Each source contributes at most `offset + limit + 1` rows,
 * newest first, so the merge never sorts a whole table; after a cursor each source starts at the
 * cursor's key (an index seek on its time) instead of skipping rows. The total is
 * `activityTotalSql`'s. Two statements.
 */
export async function listActivity(
  db: DB,
  page: CursorInput & { limit: number },
): Promise<{ items: Activity[]; total: number; nextCursor: string | null }> {
  const cursor = decodeCursor(page, cursorList, ['time', 'text', 'text']);
  const window = page.offset + page.limit + 1;
  const branches = sources.map((source) => {
    const after =
      cursor === null
        ? sql``
        : sql`and (${source.at}, ${source.id}, ${source.type}) < (${cursor[0]}::timestamptz, ${cursor[1]}::text, ${cursor[2]}::text)`;
    return sql`(select ${source.type} as type, ${source.at} as at, ${source.id} as event_id, ${issueColumns},
        ${source.details} as details, ${cursorTimeSql(source.at)} as cursor_at
      from ${source.from} ${after}
      order by ${source.at} desc, ${source.id} desc
      limit ${window})`;
  });
  const [rows, [totals]] = await Promise.all([
    rawRows<ActivityRow>(
      db,
      sql`select * from (${sql.join(branches, sql` union all `)}) as events
        order by at desc, event_id desc, type desc
        limit ${page.limit + 1} offset ${page.offset}`,
    ),
    rawRows<{ total: string | number }>(db, sql`select ${activityTotalSql} as total`),
  ]);
  const { items, nextCursor } = pageRows(rows, page.limit, (row) => [row.cursor_at, row.event_id, row.type], cursorList);
  return { items: items.map(presentActivity), total: Number(totals?.total ?? 0), nextCursor };
}

const isoFromMs = (value: unknown) => (typeof value === 'number' ? new Date(value).toISOString() : null);

function presentActivity(row: ActivityRow): Activity {
  const at = new Date(row.at).toISOString();
  const issue = {
    id: row.issue_id,
    number: Number(row.issue_number),
    title: row.issue_title,
    type: row.issue_type,
    status: row.issue_status,
    priority: Number(row.issue_priority),
  };
  const details = (typeof row.details === 'string' ? JSON.parse(row.details) : (row.details ?? {})) as Record<string, unknown>;
  switch (row.type) {
    case 'signal_received':
      return {
        type: row.type,
        at,
        issue,
        signal: {
          id: String(details.id),
          source: String(details.source),
          type: String(details.type),
          severity: details.severity as Severity,
        },
      };
    case 'issue_claimed':
      return {
        type: row.type,
        at,
        issue,
        dispatch: {
          id: String(details.id),
          outcome: details.outcome as DispatchOutcome,
          templateId: (details.templateId as string | null) ?? null,
          versionId: (details.versionId as string | null) ?? null,
          leaseExpiresAt: isoFromMs(details.leaseExpiresAt) ?? at,
          finishedAt: isoFromMs(details.finishedAt),
        },
      };
    case 'prompt_reviewed':
      return {
        type: row.type,
        at,
        issue,
        review: {
          id: String(details.id),
          versionId: String(details.versionId),
          templateSlug: String(details.templateSlug),
          clarity: Number(details.clarity),
          completeness: Number(details.completeness),
          relevance: Number(details.relevance),
        },
      };
    default:
      return { type: row.type, at, issue };
  }
}
