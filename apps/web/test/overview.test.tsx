import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { keyStorage } from '../src/auth/key-storage';
import { fakeApi, GOOD_KEY } from './support/fake-api';
import { page } from './support/fixtures';
import { renderApp } from './support/render';

const days = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'].map((date, index) => ({
  date,
  claims: index,
  completions: index === 6 ? 4 : 1,
}));

const stats = {
  issues: { total: 20, byStatus: {}, byType: {} },
  goals: [
    { id: 'g1', title: 'Error rate below 0.5 %', status: 'active', metric: 'error_rate', unit: '%', currentValue: 1, targetValue: 0.5, direction: 'decrease', percent: 0, project: { id: 'p1', name: 'Checkout' } },
  ],
  queue: { ready: 7, inProgress: 2 },
  lastSevenDays: { since: '2026-11-30T00:00:00.000Z', claims: 21, completions: 10, daily: days },
};

const health = (slug: string, needsAttention: boolean) => ({
  template: { id: slug, slug, name: `Template ${slug}`, projectId: null },
  activeVersion: null,
  usageCount: 3,
  completionRate: 0.5,
  reviews: { count: 6, clarity: 2, completeness: 2, relevance: 2, overall: 2 },
  needsAttention,
  improvementIssue: needsAttention ? { id: 'i40', number: 40, title: 'Improve the prompt', type: 'task', status: 'todo', priority: 3 } : null,
});

describe('overview', () => {
  it('shows the headline numbers, the week, goals by direction, prompts needing attention and activity', async () => {
    keyStorage.write(GOOD_KEY, false);
    const api = fakeApi()
      .on('GET', '/api/v1/dashboard/stats', { data: stats })
      .on('GET', '/api/v1/dashboard/prompts', page([health('task-execute', true), health('signal-triage', false)]))
      .on('GET', '/api/v1/dashboard/activity', page([
        { type: 'issue_completed', at: '2026-12-06T09:00:00.000Z', issue: { id: 'i1', number: 1, title: 'Fix checkout', type: 'task', status: 'done', priority: 2 } },
      ]));
    renderApp(api, '/');
    expect(await screen.findByTestId('stat-queue')).toHaveTextContent('7');
    expect(screen.getByTestId('stat-in-progress')).toHaveTextContent('2');
    expect(screen.getByTestId('stat-done-today')).toHaveTextContent('4');
    expect(screen.getByTestId('stat-done-week')).toHaveTextContent('10');
    expect(screen.getByRole('table', { name: 'Claims and completions per day' }).querySelectorAll('tbody tr')).toHaveLength(7);

    const goal = screen.getByTestId('goal');
    expect(within(goal).getByRole('progressbar', { name: 'Error rate below 0.5 % progress' })).toHaveAttribute('aria-valuenow', '0');
    expect(goal).toHaveTextContent('now 1 % · target ≤ 0.5 % (lower is better) · Checkout');

    const attention = await screen.findByTestId('attention');
    expect(within(attention).getByRole('link', { name: 'Template task-execute' })).toHaveAttribute('href', '/prompts/task-execute');
    expect(attention).not.toHaveTextContent('signal-triage');
    expect(within(attention).getByRole('link', { name: '#40 Improve the prompt' })).toBeInTheDocument();

    expect(await screen.findByTestId('activity')).toHaveTextContent('Issue done: #1 Fix checkout');
  });

  it('says so when the stats cannot be loaded', async () => {
    keyStorage.write(GOOD_KEY, false);
    const api = fakeApi()
      .on('GET', '/api/v1/dashboard/stats', { error: 'Database unavailable', code: 'database_unavailable' }, 503)
      .on('GET', '/api/v1/dashboard/prompts', page([]))
      .on('GET', '/api/v1/dashboard/activity', page([]));
    renderApp(api, '/');
    expect(await screen.findByText('Database unavailable')).toBeInTheDocument();
    expect(await screen.findByText('Nothing has happened yet.')).toBeInTheDocument();
    expect(await screen.findByText('Every active prompt reviews well.')).toBeInTheDocument();
  });
});
