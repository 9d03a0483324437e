import { eq } from 'drizzle-orm';
import type { DB } from '../../db/database';
import { dispatches, issues, promptTemplates, promptVersions } from '../../db/schema';
import { notFound } from '../errors';
import { presentIssueSummary } from '../issues/present';
import { iso, isoOrNull } from '../time';
import type { DispatchRecord } from './schemas';
import { dispatchStatus } from './status';

/**
 * `GET /dispatches/{dispatchId}`: one claim as it stands at `now` (an open claim whose lease has run
 * out reads `expired`), with what its agent reported. A claim of an issue deleted since is still
 * readable: it is history.
 */
export async function getDispatch(db: DB, dispatchId: string, now: Date): Promise<DispatchRecord> {
  const [row] = await db
    .select({
      dispatch: dispatches,
      issue: { id: issues.id, number: issues.number, title: issues.title, type: issues.type, status: issues.status, priority: issues.priority },
      templateSlug: promptTemplates.slug,
      versionNumber: promptVersions.version,
    })
    .from(dispatches)
    .innerJoin(issues, eq(issues.id, dispatches.issueId))
    .leftJoin(promptTemplates, eq(promptTemplates.id, dispatches.templateId))
    .leftJoin(promptVersions, eq(promptVersions.id, dispatches.versionId))
    .where(eq(dispatches.id, dispatchId))
    .limit(1);
  if (!row) throw notFound('Dispatch', dispatchId);
  const { dispatch } = row;
  return {
    dispatchId: dispatch.id,
    issue: presentIssueSummary(row.issue),
    status: dispatchStatus(dispatch, now),
    templateId: dispatch.templateId,
    templateSlug: row.templateSlug,
    versionId: dispatch.versionId,
    versionNumber: row.versionNumber,
    claimedAt: iso(dispatch.claimedAt),
    leaseExpiresAt: iso(dispatch.leaseExpiresAt),
    finishedAt: isoOrNull(dispatch.finishedAt),
    summary: dispatch.summary,
    agentSessionId: dispatch.agentSessionId,
    commits: dispatch.commits,
    pullRequests: dispatch.pullRequests,
  };
}
