import type { SQL } from 'drizzle-orm';
import { isoText } from '../../db/iso-text';
import { issues } from '../../db/schema';
import { iso } from '../time';
import { type Issue, IssueSchema, type IssueSummary } from './schemas';

export type IssueRow = typeof issues.$inferSelect;

type IssueField = keyof Issue;
type IssueColumns = (typeof issues)['_']['columns'];

/**
 * The issue's fields are `IssueSchema`'s keys, in its order; everything below derives from them.
 * Each names its column of `issues` (a field without one fails to compile in `issueColumn`), and
 * every column is a field unless listed here (a new column fails to compile until it is one of
 * the two).
 */
const _columnsNotShown = { deletedAt: true } as const satisfies Record<Exclude<keyof IssueColumns, IssueField>, true>;

const issueFields = Object.keys(IssueSchema.shape) as IssueField[];
const issueColumn = <K extends IssueField>(field: K): IssueColumns[K] => issues[field];
const isTimestamp = (field: IssueField) => issueColumn(field).dataType === 'date';

/** A row as the API shows it: the same fields, with timestamps as ISO text. */
type Shown = { [K in IssueField]: IssueRow[K] extends Date ? string : IssueRow[K] extends Date | null ? string | null : IssueRow[K] };

export const presentIssueSummary = (row: Pick<IssueRow, keyof IssueSummary>): IssueSummary => ({
  id: row.id,
  number: row.number,
  title: row.title,
  type: row.type,
  status: row.status,
  priority: row.priority,
});

export function presentIssue(row: IssueRow): Issue {
  const shown: Record<string, unknown> = {};
  for (const field of issueFields) {
    const value = row[field];
    shown[field] = value instanceof Date ? iso(value) : value;
  }
  // The cast is the loop's; `Shown` being an `Issue` is what the compiler checks.
  const issue: Shown = shown as Shown;
  return issue;
}

type SelectedField<K extends IssueField> = IssueRow[K] extends Date | null ? SQL<Shown[K]> : IssueColumns[K];

/**
 * The issue's fields as a select whose rows are already `Issue`s: the columns, with each timestamp
 * formatted by PostgreSQL as `iso()` formats it (`isoText`), so a page of rows builds no `Date`
 * only to format it again. Readers that show live references in place of the stored ones override
 * `parentId` and `projectId` (a spread keeps the order).
 */
export const issueSelection = Object.fromEntries(
  issueFields.map((field) => [field, isTimestamp(field) ? isoText(issueColumn(field)) : issueColumn(field)]),
) as { [K in IssueField]: SelectedField<K> };
