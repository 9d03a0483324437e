import { Link } from 'react-router';
import type { IssueDetail } from '../../lib/api-types';
import { agentSessions, type Commit, type PullRequest, safeHref } from '../../lib/sessions';
import { dateTime } from '../../lib/time';

function External({ href, children }: { href: string | undefined; children: string }) {
  const safe = safeHref(href);
  if (!safe) return <span>{children}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer" className="text-blue-800 underline">
      {children}
    </a>
  );
}

function Work({ commits, pullRequests }: { commits: Commit[]; pullRequests: PullRequest[] }) {
  if (commits.length === 0 && pullRequests.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs">
      {pullRequests.map((pr) => (
        <li key={`pr-${pr.number}`}>
          <External href={pr.url}>{`PR #${pr.number}`}</External> · {pr.merged ? 'merged' : pr.status}
        </li>
      ))}
      {commits.map((commit) => (
        <li key={commit.sha}>
          <External href={commit.url}>{commit.sha.slice(0, 8)}</External> {commit.message}
        </li>
      ))}
    </ul>
  );
}

export function Sessions({ issue }: { issue: IssueDetail }) {
  const sessions = agentSessions(issue);
  const latest = { commits: issue.commits ?? [], pullRequests: issue.pullRequests ?? [] };
  return (
    <section aria-labelledby="sessions-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="sessions">
      <h2 id="sessions-title" className="text-base font-semibold">
        Agent sessions
      </h2>
      {(issue.agentSummary || latest.commits.length > 0 || latest.pullRequests.length > 0) && (
        <div className="text-sm">
          <h3 className="text-xs font-medium text-slate-700">Latest report{issue.agentSessionId ? ` (session ${issue.agentSessionId})` : ''}</h3>
          {issue.agentSummary && <p className="whitespace-pre-wrap">{issue.agentSummary}</p>}
          <Work {...latest} />
        </div>
      )}
      {sessions === null ? (
        <p className="text-sm text-slate-600">This API does not list the issue&apos;s claims; the latest report is above.</p>
      ) : sessions.length === 0 ? (
        <p className="text-sm text-slate-600">No agent has claimed this issue yet.</p>
      ) : (
        <ol className="space-y-2">
          {sessions.map((session) => (
            <li key={session.dispatchId} className="rounded border border-slate-200 p-2 text-sm" data-testid="session">
              <p>
                <span className="font-medium">{session.outcome}</span>
                {session.templateSlug && (
                  <>
                    {' '}
                    · prompt <Link to={`/prompts/${session.templateSlug}`} className="text-blue-800 underline">{session.templateSlug}</Link>
                    {session.versionNumber !== null && ` v${session.versionNumber}`}
                  </>
                )}
                {!session.templateSlug && session.versionId && ` · version ${session.versionId}`}
              </p>
              <p className="text-xs text-slate-600">
                {session.claimedAt && <>claimed {dateTime(session.claimedAt)} · </>}
                {session.finishedAt ? `finished ${dateTime(session.finishedAt)}` : session.leaseExpiresAt ? `lease until ${dateTime(session.leaseExpiresAt)}` : ''}
              </p>
              {session.summary && <p className="mt-1 whitespace-pre-wrap">{session.summary}</p>}
              <Work commits={session.commits} pullRequests={session.pullRequests} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
