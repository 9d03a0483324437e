import { and, count, desc, eq, gte, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { issues, signals } from '../../db/schema';
import { cursorTimeSql, decodeCursor, pageRows } from '../cursor';
import { notFound } from '../errors';
import { presentIssueSummary } from '../issues/present';
import { presentSignal } from './present';
import type { ListSignalsFilter, SignalWithIssue } from './schemas';

const issueSummaryColumns = {
  id: issues.id,
  number: issues.number,
  title: issues.title,
  type: issues.type,
  status: issues.status,
  priority: issues.priority,
};

/** Signals are never deleted (they are evidence); their issue is joined only while it is live. */
function selectWithIssue(db: DB) {
  return db
    .select({ signal: signals, issue: issueSummaryColumns })
    .from(signals)
    .leftJoin(issues, and(eq(issues.id, signals.issueId), isNull(issues.deletedAt)));
}

type JoinedRow = Awaited<ReturnType<ReturnType<typeof selectWithIssue>['execute']>>[number];

const present = (row: JoinedRow): SignalWithIssue => ({
  ...presentSignal(row.signal),
  issue: row.issue ? presentIssueSummary(row.issue) : null,
});

const cursorList = 'signals';

/** Newest first, ties by id (`signals_created_at_idx`); a cursor is the last row's (created_at, id). */
export async function listSignals(db: DB, filter: ListSignalsFilter) {
  const cursor = decodeCursor(filter, cursorList, ['time', 'text']);
  const conditions: SQL[] = [];
  if (filter.source !== undefined) conditions.push(eq(signals.source, filter.source));
  if (filter.severity !== undefined) conditions.push(inArray(signals.severity, filter.severity));
  if (filter.since !== undefined) conditions.push(gte(signals.createdAt, new Date(filter.since)));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const after =
    cursor === null ? undefined : sql`(${signals.createdAt}, ${signals.id}) < (${cursor[0]}::timestamptz, ${cursor[1]}::text)`;

  const [rows, [totals]] = await Promise.all([
    db
      .select({ signal: signals, issue: issueSummaryColumns, cursorAt: cursorTimeSql(sql`${signals.createdAt}`) })
      .from(signals)
      .leftJoin(issues, and(eq(issues.id, signals.issueId), isNull(issues.deletedAt)))
      .where(and(where, after))
      .orderBy(desc(signals.createdAt), desc(signals.id))
      .limit(filter.limit + 1)
      .offset(filter.offset),
    db.select({ total: count() }).from(signals).where(where),
  ]);
  const { items, nextCursor } = pageRows(rows, filter.limit, (row) => [row.cursorAt, row.signal.id], cursorList);
  return { items: items.map(present), total: totals?.total ?? 0, nextCursor };
}

export async function getSignal(db: DB, id: string): Promise<SignalWithIssue> {
  const [row] = await selectWithIssue(db).where(eq(signals.id, id)).limit(1);
  if (!row) throw notFound('Signal', id);
  return present(row);
}
