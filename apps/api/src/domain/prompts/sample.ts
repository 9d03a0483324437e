/**
 * A realistic issue with every variable filled in. New template content is rendered against it once
 * before it is stored, so content that would throw at claim time is refused at write time instead.
 */
const at = '2026-11-22T12:00:00.000Z';

const summary = (number: number, title: string, type: string, status: string) => ({
  id: `sample${number}`,
  number,
  title,
  type,
  status,
  priority: 2,
});

const sampleIssue = {
  id: 'sample42',
  number: 42,
  title: 'Checkout error rate above 2%',
  description: 'Errors spiked after the last deploy.',
  type: 'hypothesis',
  status: 'in_progress',
  priority: 2,
  parentId: 'sample41',
  projectId: 'sampleproject',
  signalSource: 'sentry',
  signalPayload: { title: 'TypeError in checkout', count: 120 },
  hypothesis: {
    statement: 'The new address form sends an empty postcode',
    confidence: 0.7,
    evidence: ['All failing requests lack a postcode'],
    validationCriteria: 'Error rate back under 0.5% for a day',
    prediction: 'Errors stop after the fix',
  },
  agentSessionId: null,
  agentSummary: null,
  commits: [{ sha: 'abc1234', message: 'Fix postcode' }],
  pullRequests: [{ number: 7, url: 'https://github.com/acme/shop/pull/7', status: 'open', merged: false }],
  completedAt: null,
  statusChangedAt: at,
  createdAt: at,
  updatedAt: at,
};

export const sampleVariables = {
  issue: sampleIssue,
  parent: { ...sampleIssue, id: 'sample41', number: 41, type: 'signal', parentId: null, hypothesis: null },
  siblings: [summary(43, 'Add a postcode check', 'task', 'todo')],
  children: [summary(44, 'Write the regression test', 'task', 'backlog')],
  project: { id: 'sampleproject', name: 'Checkout', description: 'The checkout flow', status: 'active', health: 'at_risk' },
  goal: {
    id: 'samplegoal',
    title: 'Checkout conversion 3.5%',
    description: null,
    metric: 'conversion',
    targetValue: 3.5,
    currentValue: 2.9,
    unit: '%',
    status: 'active',
  },
  labels: [{ id: 'samplelabel', name: 'frontend', color: '#3366ff' }],
  blocking: [summary(45, 'Monitor the error rate', 'monitor', 'todo')],
  blockedBy: [summary(40, 'Restore staging', 'task', 'done')],
  previousSessions: [
    {
      dispatchId: 'sampledispatch',
      outcome: 'expired',
      claimedAt: at,
      leaseExpiresAt: at,
      finishedAt: at,
      agentSessionId: 'session-1',
      summary: null,
      versionId: 'sampleversion',
    },
  ],
  loopUrl: 'http://localhost:4242',
  meta: {
    templateId: 'sampletemplate',
    templateSlug: 'sample',
    versionId: 'sampleversion',
    versionNumber: 1,
    dispatchId: 'sampledispatch',
    leaseExpiresAt: at,
  },
};
