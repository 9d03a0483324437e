import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamptz } from './columns';
import { apiKeyRoleEnum, dispatchOutcomeEnum } from './enums';
import { type Commit, issues, type PullRequest } from './issues';
import { promptTemplates, promptVersions } from './prompts';

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    name: text('name').notNull(),
    // The first characters of the key, safe to show; the key itself is never stored.
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    // Existing keys and keys created without a role stay admins: roles came after keys (ADR 0021).
    role: apiKeyRoleEnum('role').notNull().default('admin'),
    createdAt: createdAt(),
    lastUsedAt: timestamptz('last_used_at'),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_key_hash_key').on(t.keyHash)],
);

/** One row per claim of an issue by an agent. */
export const dispatches = pgTable(
  'dispatches',
  {
    id: id(),
    issueId: text('issue_id')
      .notNull()
      .references(() => issues.id),
    // Null when no template matched and the built-in minimal prompt was used.
    templateId: text('template_id').references(() => promptTemplates.id),
    versionId: text('version_id').references(() => promptVersions.id),
    claimedAt: timestamptz('claimed_at').notNull().defaultNow(),
    leaseExpiresAt: timestamptz('lease_expires_at').notNull(),
    finishedAt: timestamptz('finished_at'),
    outcome: dispatchOutcomeEnum('outcome').notNull().default('claimed'),
    agentSessionId: text('agent_session_id'),
    summary: text('summary'),
    commits: jsonb('commits').$type<Commit[]>(),
    pullRequests: jsonb('pull_requests').$type<PullRequest[]>(),
    // Who claimed: an api_keys id, or 'root' for the environment's key (hence no foreign key).
    apiKeyId: text('api_key_id'),
    // The claimer's Idempotency-Key: a repeat of the claim with it answers this claim (ADR 0020).
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    // An issue has at most one open claim: a second concurrent claim cannot even be written.
    // Each open-claim index carries a clause that is always true (the column is NOT NULL) and that only
    // its own lookups imply, so neither lookup can be answered by reading the other index whole, as
    // generic plans made when few claims were open did (ADR 0052): this one serves lookups by issue.
    uniqueIndex('dispatches_one_open_claim_key')
      .on(t.issueId)
      .where(sql`${t.outcome} = 'claimed' and ${t.issueId} is not null`),
    index('dispatches_issue_id_idx').on(t.issueId, t.claimedAt),
    index('dispatches_template_id_idx').on(t.templateId),
    index('dispatches_version_id_idx').on(t.versionId),
    index('dispatches_claimed_at_idx').on(t.claimedAt),
    // Open claims by lease end: the claims whose lease has run out, without reading every issue in
    // progress. Lookups by lease only (see above).
    index('dispatches_open_lease_idx')
      .on(t.leaseExpiresAt)
      .where(sql`${t.outcome} = 'claimed' and ${t.leaseExpiresAt} is not null`),
    // One claim per key and Idempotency-Key, ever: concurrent repeats cannot both record a claim, and
    // the loser finds the winner's row by this index.
    uniqueIndex('dispatches_idempotency_key')
      .on(t.apiKeyId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
  ],
);

/**
 * How many rows `dispatches` and `prompt_reviews` hold, kept by statement triggers (migration
 * `activity_counts`, ADR 0042), so the activity feed's total subtracts the few rows of deleted issues
 * and templates from a maintained number instead of counting both tables. Spread over `slot`s (the
 * writer's backend pid modulo 8) as `issue_counts` is; readers sum.
 */
export const rowCounts = pgTable(
  'row_counts',
  {
    tableName: text('table_name').notNull(),
    slot: integer('slot').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.slot] })],
);
