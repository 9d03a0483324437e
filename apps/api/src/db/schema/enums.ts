import { pgEnum } from 'drizzle-orm/pg-core';

/**
 * Every enum's values live here once, as `as const` arrays. They feed the Postgres enums below
 * and the zod schemas of the API, so the two can never disagree.
 */
export const issueTypes = ['signal', 'hypothesis', 'plan', 'task', 'monitor'] as const;
export const issueStatuses = ['triage', 'backlog', 'todo', 'in_progress', 'done', 'canceled'] as const;
export const relationTypes = ['blocks', 'blocked_by', 'related', 'duplicate'] as const;
export const authorTypes = ['human', 'agent'] as const;
export const projectStatuses = ['backlog', 'planned', 'active', 'paused', 'completed', 'canceled'] as const;
export const projectHealths = ['on_track', 'at_risk', 'off_track'] as const;
export const goalStatuses = ['active', 'achieved', 'abandoned'] as const;
/** Which way a goal's metric should move: `decrease` for targets such as "error rate below 0.5 %". */
export const goalDirections = ['increase', 'decrease'] as const;
export const severities = ['low', 'medium', 'high', 'critical'] as const;
export const versionStatuses = ['active', 'draft', 'retired'] as const;
export const dispatchOutcomes = ['claimed', 'done', 'canceled', 'expired', 'released'] as const;
/** `admin` may do everything; `agent` everything except managing API keys (ADR 0021). */
export const apiKeyRoles = ['admin', 'agent'] as const;

export type IssueType = (typeof issueTypes)[number];
export type IssueStatus = (typeof issueStatuses)[number];
export type RelationType = (typeof relationTypes)[number];
export type AuthorType = (typeof authorTypes)[number];
export type ProjectStatus = (typeof projectStatuses)[number];
export type ProjectHealth = (typeof projectHealths)[number];
export type GoalStatus = (typeof goalStatuses)[number];
export type GoalDirection = (typeof goalDirections)[number];
export type Severity = (typeof severities)[number];
export type VersionStatus = (typeof versionStatuses)[number];
export type DispatchOutcome = (typeof dispatchOutcomes)[number];
export type ApiKeyRole = (typeof apiKeyRoles)[number];

export const issueTypeEnum = pgEnum('issue_type', issueTypes);
export const issueStatusEnum = pgEnum('issue_status', issueStatuses);
export const relationTypeEnum = pgEnum('relation_type', relationTypes);
export const authorTypeEnum = pgEnum('author_type', authorTypes);
export const projectStatusEnum = pgEnum('project_status', projectStatuses);
export const projectHealthEnum = pgEnum('project_health', projectHealths);
export const goalStatusEnum = pgEnum('goal_status', goalStatuses);
export const goalDirectionEnum = pgEnum('goal_direction', goalDirections);
export const severityEnum = pgEnum('severity', severities);
export const versionStatusEnum = pgEnum('version_status', versionStatuses);
export const dispatchOutcomeEnum = pgEnum('dispatch_outcome', dispatchOutcomes);
export const apiKeyRoleEnum = pgEnum('api_key_role', apiKeyRoles);
