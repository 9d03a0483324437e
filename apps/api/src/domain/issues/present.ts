import type { issues } from '../../db/schema';
import { iso, isoOrNull } from '../time';
import type { Issue, IssueSummary } from './schemas';

export type IssueRow = typeof issues.$inferSelect;

export const presentIssueSummary = (row: Pick<IssueRow, keyof IssueSummary>): IssueSummary => ({
  id: row.id,
  number: row.number,
  title: row.title,
  type: row.type,
  status: row.status,
  priority: row.priority,
});

export function presentIssue(row: IssueRow): Issue {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    description: row.description,
    type: row.type,
    status: row.status,
    priority: row.priority,
    parentId: row.parentId,
    projectId: row.projectId,
    signalSource: row.signalSource,
    signalPayload: row.signalPayload,
    hypothesis: row.hypothesis,
    agentSessionId: row.agentSessionId,
    agentSummary: row.agentSummary,
    commits: row.commits,
    pullRequests: row.pullRequests,
    completedAt: isoOrNull(row.completedAt),
    statusChangedAt: iso(row.statusChangedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
