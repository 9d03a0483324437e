import type { components } from '@loop/client';

/** A commit or pull request an agent reported, as the API's document describes them. */
type IssueSession = components['schemas']['IssueSession'];
export type Commit = NonNullable<IssueSession['commits']>[number];
export type PullRequest = NonNullable<IssueSession['pullRequests']>[number];

/** One agent session (a claim) as the dashboard shows it. */
export interface AgentSession {
  dispatchId: string;
  /** `open|done|canceled|released|expired` (a claim's status) or the older `claimed|…` outcome. */
  outcome: string;
  claimedAt: string | null;
  leaseExpiresAt: string | null;
  finishedAt: string | null;
  summary: string | null;
  agentSessionId: string | null;
  versionId: string | null;
  versionNumber: number | null;
  templateSlug: string | null;
  commits: Commit[];
  pullRequests: PullRequest[];
}

type Loose = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : null);
const num = (value: unknown) => (typeof value === 'number' ? value : null);
const list = <T>(value: unknown) => (Array.isArray(value) ? (value as T[]) : []);

/**
 * The claims of an issue, from whichever field the API gives them in: `sessions` (each claim,
 * as `GET /dispatches/{id}` reads it) or `previousSessions` (the claim context's list). Null when
 * the API returns neither: "no claims listed" is not "never claimed", and the view must not say so.
 */
export function agentSessions(issue: object): AgentSession[] | null {
  const source = issue as Loose;
  const raw = Array.isArray(source.sessions) ? source.sessions : Array.isArray(source.previousSessions) ? source.previousSessions : null;
  if (raw === null) return null;
  return (raw as Loose[])
    .filter((item) => item && typeof item === 'object' && typeof item.dispatchId === 'string')
    .map((item) => ({
      dispatchId: item.dispatchId as string,
      outcome: str(item.status) ?? str(item.outcome) ?? 'unknown',
      claimedAt: str(item.claimedAt),
      leaseExpiresAt: str(item.leaseExpiresAt),
      finishedAt: str(item.finishedAt),
      summary: str(item.summary),
      agentSessionId: str(item.agentSessionId),
      versionId: str(item.versionId),
      versionNumber: num(item.versionNumber),
      templateSlug: str(item.templateSlug),
      commits: list<Commit>(item.commits),
      pullRequests: list<PullRequest>(item.pullRequests),
    }));
}

/** Only http(s) links are followed; anything else an agent reported is shown as text. */
export function safeHref(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
