import type { components } from '@loop/client';

type Schemas = components['schemas'];
export type Issue = Schemas['Issue'];
export type IssueDetail = Schemas['IssueDetail'];
export type IssueSummary = Schemas['IssueSummary'];
export type IssueStatus = Schemas['IssueStatus'];
export type IssueType = Schemas['IssueType'];
export type CommentThread = Schemas['CommentThread'];
export type DashboardStats = Schemas['DashboardStats'];
export type GoalProgress = Schemas['GoalProgress'];
export type Goal = Schemas['Goal'];
export type ActivityEvent = Schemas['ActivityEvent'];
export type PromptHealth = Schemas['PromptHealth'];
export type PromptTemplate = Schemas['PromptTemplate'];
export type PromptVersion = Schemas['PromptVersion'];
export type PromptReview = Schemas['PromptReview'];
export type QueueEntry = Schemas['QueueEntry'];
export type Project = Schemas['Project'];
export type Label = Schemas['Label'];

export const ISSUE_STATUSES = ['triage', 'backlog', 'todo', 'in_progress', 'done', 'canceled'] as const satisfies readonly IssueStatus[];
export const ISSUE_TYPES = ['signal', 'hypothesis', 'plan', 'task', 'monitor'] as const satisfies readonly IssueType[];

export const STATUS_LABEL: Record<IssueStatus, string> = {
  triage: 'Triage',
  backlog: 'Backlog',
  todo: 'To do',
  in_progress: 'In progress',
  done: 'Done',
  canceled: 'Canceled',
};

/** The API's priority scale: 0 none, 1 urgent … 4 low. */
export const PRIORITY_LABEL: Record<number, string> = { 0: 'None', 1: 'Urgent', 2: 'High', 3: 'Medium', 4: 'Low' };
export const PRIORITIES = [1, 2, 3, 4, 0] as const;
