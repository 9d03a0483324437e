import { getTableColumns, type SQL, sql, type WithSubquery } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { prepared } from '../../db/prepared';
import { issues } from '../../db/schema';
import { hierarchyHoldsSql } from './hierarchy';

/** What changes the create statement's text: which references the body names, and the parent by id or number. */
export interface CreateShape {
  parentBy: 'id' | 'number' | null;
  project: boolean;
  /** The body names a parent and leaves `projectId` out: the child joins its parent's project (`inheritedProjectSql`). */
  inheritProject: boolean;
  labels: boolean;
}

/**
 * The values of one create, by placeholder name. Instants are ISO text and jsonb values JSON text
 * (cast in SQL), the label ids one JSON array without duplicates, so no driver has to guess a type
 * and the statement's text never depends on a value (nor on how many labels there are).
 */
export interface CreateValues {
  id: string;
  title: string;
  description: string | null;
  type: string;
  status: string;
  priority: number;
  parentRef?: string | number;
  projectId?: string;
  labelIds?: string;
  signalSource: string | null;
  signalPayload: string | null;
  hypothesis: string | null;
  completedAt: string | null;
  now: string;
}

const value = (name: keyof CreateValues) => sql.placeholder(name);

const shapeName = (shape: CreateShape) =>
  `issue_create_${shape.parentBy ?? 'root'}${shape.project ? '_project' : shape.inheritProject ? '_inherit' : ''}${shape.labels ? '_labels' : ''}`;

/**
 * The rule "a child created without `projectId` joins its parent's project": the parent's project,
 * if it is live (a deleted project is no project). Its one home; an explicit `projectId` (or null)
 * in the body wins.
 */
const inheritedProjectSql = sql`(select id from projects where id = parent.project_id and deleted_at is null)`;

/** One statement per shape, prepared once per database: see `createIssue` (write.ts). */
export const createIssueStatement = (db: DB, shape: CreateShape) =>
  prepared(db, shapeName(shape), (name) => buildCreateStatement(db, shape).prepare(name));

function buildCreateStatement(db: DB, shape: CreateShape) {
  // These selections only name each CTE's columns for Drizzle; the rows come from the CTE's own SQL.
  // `returning *` is read back through the table's columns, so it decodes exactly as a select on
  // `issues` does (Dates, jsonb).
  const refs = db
    .$with('refs', {
      parentId: sql<string | null>``.as('found_parent_id'),
      parentNumber: sql<number | null>``.as('found_parent_number'),
      grandparentId: sql<string | null>``.as('found_grandparent_id'),
      projectId: sql<string | null>``.as('found_project_id'),
      labelIds: sql<string[] | null>``.as('found_label_ids'),
    })
    .as(resolvedReferencesSql(shape));

  // Every named reference must have resolved to a live row, and the parent must obey the hierarchy rule.
  const accepted: SQL[] = [];
  if (shape.parentBy) {
    accepted.push(sql`refs.found_parent_id is not null`, hierarchyHoldsSql({ grandparentId: sql`refs.found_grandparent_id` }));
  }
  if (shape.project) accepted.push(sql`refs.found_project_id is not null`);
  if (shape.labels) accepted.push(sql`cardinality(refs.found_label_ids) = jsonb_array_length(${value('labelIds')}::jsonb)`);

  const created = db.$with('created', getTableColumns(issues)).as(
    sql`insert into issues (id, title, description, type, status, priority, parent_id, project_id,
        signal_source, signal_payload, hypothesis, completed_at, status_changed_at, created_at, updated_at)
      select ${value('id')}::text, ${value('title')}::text, ${value('description')}::text,
        ${value('type')}::issue_type, ${value('status')}::issue_status, ${value('priority')}::integer,
        refs.found_parent_id, refs.found_project_id, ${value('signalSource')}::text, ${value('signalPayload')}::jsonb,
        ${value('hypothesis')}::jsonb, ${value('completedAt')}::timestamptz, ${value('now')}::timestamptz,
        ${value('now')}::timestamptz, ${value('now')}::timestamptz
      from refs${accepted.length > 0 ? sql` where ${sql.join(accepted, sql` and `)}` : sql``}
      returning *`,
  );
  const ctes: WithSubquery[] = [refs, created];
  if (shape.labels) {
    ctes.push(
      db.$with('linked', {}).as(
        sql`insert into issue_labels (issue_id, label_id)
          select created.id, label.id from created, refs, unnest(refs.found_label_ids) as label(id)`,
      ),
    );
  }
  return db
    .with(...ctes)
    .select()
    .from(refs)
    .leftJoin(created, sql`true`);
}

/**
 * One row: the live parent the body names (by id or number) with its live parent, the live project,
 * and the live labels among those named, as `checkBodyReferences` resolves them. Whatever the body
 * does not name is null.
 */
function resolvedReferencesSql(shape: CreateShape): SQL {
  const parent = shape.parentBy
    ? sql`parent.id as found_parent_id, parent.number as found_parent_number, grandparent.id as found_grandparent_id`
    : sql`null::text as found_parent_id, null::integer as found_parent_number, null::text as found_grandparent_id`;
  const project = shape.project
    ? sql`(select id from projects where id = ${value('projectId')} and deleted_at is null) as found_project_id`
    : shape.parentBy && shape.inheritProject
      ? sql`${inheritedProjectSql} as found_project_id`
      : sql`null::text as found_project_id`;
  const labels = shape.labels
    ? sql`array(select id from labels
        where id = any(array(select jsonb_array_elements_text(${value('labelIds')}::jsonb))) and deleted_at is null
      ) as found_label_ids`
    : sql`null::text[] as found_label_ids`;
  const from = shape.parentBy
    ? sql` from (select 1) as one
        left join issues parent on parent.${sql.raw(shape.parentBy)} = ${value('parentRef')} and parent.deleted_at is null
        left join issues grandparent on grandparent.id = parent.parent_id and grandparent.deleted_at is null`
    : sql``;
  return sql`select ${parent}, ${project}, ${labels}${from}`;
}
