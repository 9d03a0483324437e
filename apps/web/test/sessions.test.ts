import { describe, expect, it } from 'vitest';
import { agentSessions, safeHref } from '../src/lib/sessions';

describe('agent sessions of an issue', () => {
  it('reads claims in the GET /dispatches/{id} shape (status, template slug and version number)', () => {
    const [session] = agentSessions({
      sessions: [{ dispatchId: 'd1', status: 'done', templateSlug: 'task-execute', versionNumber: 3, claimedAt: 'a', leaseExpiresAt: 'b', finishedAt: 'c', summary: 'ok', commits: [], pullRequests: [] }],
    })!;
    expect(session).toMatchObject({ dispatchId: 'd1', outcome: 'done', templateSlug: 'task-execute', versionNumber: 3, summary: 'ok' });
  });

  it('reads the previousSessions shape (outcome, no template) too', () => {
    const sessions = agentSessions({ previousSessions: [{ dispatchId: 'd2', outcome: 'expired', versionId: 'v9' }] });
    expect(sessions).toEqual([expect.objectContaining({ dispatchId: 'd2', outcome: 'expired', versionId: 'v9', templateSlug: null, commits: [] })]);
  });

  it('tells "not listed" (null) apart from "never claimed" (empty)', () => {
    expect(agentSessions({})).toBeNull();
    expect(agentSessions({ sessions: [] })).toEqual([]);
  });

  it('follows only http(s) links an agent reported', () => {
    expect(safeHref('https://github.com/o/r/pull/1')).toBe('https://github.com/o/r/pull/1');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});
