const at = '2026-12-01T10:00:00.000Z';

/** An issue as the API returns it, with only what a test names changed. */
export function anIssue(number: number, overrides: Record<string, unknown> = {}) {
  return {
    id: `issue${number}`,
    number,
    title: `Issue ${number}`,
    description: null,
    type: 'task',
    status: 'todo',
    priority: 2,
    parentId: null,
    projectId: null,
    signalSource: null,
    signalPayload: null,
    hypothesis: null,
    agentSessionId: null,
    agentSummary: null,
    commits: null,
    pullRequests: null,
    completedAt: null,
    statusChangedAt: at,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function aSignalInTriage(number: number, title: string) {
  return anIssue(number, { title, type: 'signal', status: 'triage', signalSource: 'sentry' });
}

export function anIssueDetail(number: number, overrides: Record<string, unknown> = {}) {
  return { ...anIssue(number), parent: null, children: [], project: null, labels: [], relations: [], ...overrides };
}

export const page = <T>(data: T[]) => ({ data, total: data.length, limit: 50, offset: 0 });
