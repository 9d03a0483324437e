import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, id, softDelete, timestamps, timestamptz } from './columns';
import { authorTypeEnum, issueStatusEnum, issueTypeEnum, relationTypeEnum } from './enums';
import { projects } from './projects';

export interface Hypothesis {
  statement: string;
  confidence: number;
  evidence: string[];
  validationCriteria: string;
  prediction?: string;
}
export interface Commit {
  sha: string;
  message: string;
  url?: string;
}
export interface PullRequest {
  number: number;
  url: string;
  status: string;
  merged: boolean;
}

export const issues = pgTable(
  'issues',
  {
    id: id(),
    // Allocated by the database so numbers stay unique under concurrent creation.
    number: integer('number').notNull().generatedAlwaysAsIdentity(),
    title: text('title').notNull(),
    description: text('description'),
    type: issueTypeEnum('type').notNull(),
    status: issueStatusEnum('status').notNull().default('triage'),
    priority: integer('priority').notNull().default(0),
    parentId: text('parent_id').references((): AnyPgColumn => issues.id),
    projectId: text('project_id').references(() => projects.id),
    signalSource: text('signal_source'),
    signalPayload: jsonb('signal_payload').$type<Record<string, unknown>>(),
    hypothesis: jsonb('hypothesis').$type<Hypothesis>(),
    agentSessionId: text('agent_session_id'),
    agentSummary: text('agent_summary'),
    commits: jsonb('commits').$type<Commit[]>(),
    pullRequests: jsonb('pull_requests').$type<PullRequest[]>(),
    completedAt: timestamptz('completed_at'),
    statusChangedAt: timestamptz('status_changed_at').notNull().defaultNow(),
    ...timestamps(),
    ...softDelete(),
  },
  (t) => [
    uniqueIndex('issues_number_key').on(t.number),
    check('issues_priority_range', sql`${t.priority} between 0 and 4`),
    check('issues_title_length', sql`char_length(${t.title}) between 1 and 500`),
    check('issues_not_own_parent', sql`${t.parentId} <> ${t.id}`),
    index('issues_parent_id_idx').on(t.parentId),
    index('issues_project_id_idx').on(t.projectId),
    index('issues_project_status_idx').on(t.projectId, t.status).where(sql`${t.deletedAt} is null`),
    index('issues_status_priority_idx').on(t.status, t.priority).where(sql`${t.deletedAt} is null`),
    index('issues_created_at_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    // The list's default order within one status: the newest `todo` page without walking past every
    // newer issue of other statuses (which `issues_created_at_idx` alone made O(issues)).
    index('issues_status_created_at_idx').on(t.status, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    // The list's other sorts, with the id that breaks their ties: a cursor's page is one seek (ADR 0036).
    index('issues_updated_at_idx').on(t.updatedAt, t.id).where(sql`${t.deletedAt} is null`),
    index('issues_priority_idx').on(t.priority, t.id).where(sql`${t.deletedAt} is null`),
    // The activity feed's closed issues, newest first, without scanning every done issue.
    index('issues_completed_at_idx').on(t.completedAt, t.id).where(sql`${t.deletedAt} is null and ${t.completedAt} is not null`),
    // The dashboard's completions per day: counted from the index alone, not from every done issue's row.
    index('issues_done_at_idx').on(t.completedAt).where(sql`${t.deletedAt} is null and ${t.status} = 'done'`),
    // The deleted issues, few beside the live ones: what counts over other tables leave out by hashing
    // this short list instead of probing the issue of every row they count.
    index('issues_deleted_idx').on(t.id).where(sql`${t.deletedAt} is not null`),
    // Closed issues without a closing time (the write path always sets one; rows written otherwise may
    // not): the activity feed's total subtracts them from the maintained closed count.
    index('issues_closed_undated_idx')
      .on(t.id)
      .where(sql`${t.deletedAt} is null and ${t.completedAt} is null and ${t.status} in ('done', 'canceled')`),
    // The dispatch queue, one ordered list per project (no project as ''), priority and type: within
    // such a list the queue's order is exactly (status_changed_at, number), so the claim reads the
    // head of each list instead of sorting the backlog (domain/dispatch/ready.ts). The predicate is
    // the ready statuses; blockers are checked on the rows read.
    index('issues_queue_idx')
      .on(sql`coalesce(${t.projectId}, '')`, t.priority, t.type, t.statusChangedAt, t.number)
      .where(sql`${t.deletedAt} is null and (${t.status} = 'todo' or (${t.status} = 'triage' and ${t.type} = 'signal'))`),
    index('issues_search_idx')
      .using('gin', sql`to_tsvector('simple', ${t.title} || ' ' || coalesce(${t.description}, ''))`)
      .where(sql`${t.deletedAt} is null`),
  ],
);

/**
 * How many live issues each (project, status, type, priority) holds, kept by statement triggers on
 * `issues` (migration `maintained_counts`, ADR 0037), so a list's `total` and the dashboard's counts
 * add up a few hundred rows instead of counting the table. A key is spread over `slot`s (the writer's
 * backend pid modulo 8), so concurrent writers of one key seldom wait on the same row; readers sum.
 * `project_key` is the stored project id ('' for none), whether or not that project is live.
 */
export const issueCounts = pgTable(
  'issue_counts',
  {
    projectKey: text('project_key').notNull(),
    status: issueStatusEnum('status').notNull(),
    type: issueTypeEnum('type').notNull(),
    priority: integer('priority').notNull(),
    slot: integer('slot').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectKey, t.status, t.type, t.priority, t.slot] })],
);

export const labels = pgTable(
  'labels',
  {
    id: id(),
    name: text('name').notNull(),
    color: text('color').notNull(),
    createdAt: createdAt(),
    ...softDelete(),
  },
  (t) => [
    // Case-insensitive uniqueness among live labels; a deleted label frees its name.
    uniqueIndex('labels_name_live_key').on(sql`lower(${t.name})`).where(sql`${t.deletedAt} is null`),
    check('labels_color_hex', sql`${t.color} ~ '^#[0-9A-Fa-f]{6}$'`),
  ],
);

export const issueLabels = pgTable(
  'issue_labels',
  {
    issueId: text('issue_id')
      .notNull()
      .references(() => issues.id, { onDelete: 'cascade' }),
    labelId: text('label_id')
      .notNull()
      .references(() => labels.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.issueId, t.labelId] }), index('issue_labels_label_id_idx').on(t.labelId)],
);

/**
 * One row per fact. Writes are canonicalised: "A blocked_by B" is stored as "B blocks A", and the
 * symmetric types (`related`, `duplicate`) are stored with the smaller id first (byte order, `collate "C"`, the same order as JavaScript's `<`). The CHECKs make
 * the database refuse any other form, so the unique key really means "no fact twice".
 */
export const issueRelations = pgTable(
  'issue_relations',
  {
    id: id(),
    type: relationTypeEnum('type').notNull(),
    issueId: text('issue_id')
      .notNull()
      .references(() => issues.id, { onDelete: 'cascade' }),
    relatedIssueId: text('related_issue_id')
      .notNull()
      .references(() => issues.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('issue_relations_fact_key').on(t.type, t.issueId, t.relatedIssueId),
    check('issue_relations_no_self', sql`${t.issueId} <> ${t.relatedIssueId}`),
    check('issue_relations_canonical_type', sql`${t.type} <> 'blocked_by'`),
    check(
      'issue_relations_symmetric_order',
      sql`${t.type} = 'blocks' or ${t.issueId} collate "C" < ${t.relatedIssueId} collate "C"`,
    ),
    index('issue_relations_issue_id_idx').on(t.issueId),
    index('issue_relations_related_issue_id_idx').on(t.relatedIssueId),
  ],
);

export const comments = pgTable(
  'comments',
  {
    id: id(),
    body: text('body').notNull(),
    issueId: text('issue_id')
      .notNull()
      .references(() => issues.id, { onDelete: 'cascade' }),
    authorName: text('author_name').notNull(),
    authorType: authorTypeEnum('author_type').notNull(),
    parentId: text('parent_id'),
    createdAt: createdAt(),
  },
  (t) => [
    // Lets the composite key below prove that a reply belongs to its parent's issue.
    unique('comments_id_issue_id_key').on(t.id, t.issueId),
    foreignKey({
      name: 'comments_parent_same_issue_fk',
      columns: [t.parentId, t.issueId],
      foreignColumns: [t.id, t.issueId],
    }),
    check('comments_body_not_empty', sql`char_length(${t.body}) > 0`),
    index('comments_issue_id_idx').on(t.issueId, t.createdAt),
    // An issue's threads in page order, ties by id, so a cursor's page is one seek (ADR 0036).
    index('comments_thread_idx').on(t.issueId, t.createdAt, t.id).where(sql`${t.parentId} is null`),
    index('comments_parent_id_idx').on(t.parentId),
  ],
);
