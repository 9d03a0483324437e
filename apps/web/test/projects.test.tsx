import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { keyStorage } from '../src/auth/key-storage';
import { fakeApi, GOOD_KEY } from './support/fake-api';
import { page } from './support/fixtures';
import { renderApp } from './support/render';

const project = { id: 'p1', name: 'Checkout', description: 'Reliable checkout', status: 'active', health: 'at_risk', goalId: 'g1', createdAt: '', updatedAt: '' };
const goal = { id: 'g1', title: 'Signups above 40', description: null, metric: 'signups', targetValue: 40, currentValue: 10, unit: null,
  direction: 'increase', percent: 25, status: 'active', projectId: 'p1', createdAt: '', updatedAt: '' };

describe('projects and goals', () => {
  it('shows each project with its issue counts and each goal with the API’s progress', async () => {
    keyStorage.write(GOOD_KEY, false);
    const api = fakeApi()
      .on('GET', '/api/v1/projects', page([project]))
      .on('GET', '/api/v1/projects/p1', { data: { ...project, goal, issueCounts: { triage: 1, backlog: 3, todo: 2, in_progress: 1, done: 5, canceled: 0 } } })
      .on('GET', '/api/v1/goals', page([goal]));
    renderApp(api, '/projects');
    const card = await screen.findByTestId('project');
    expect(within(card).getByRole('link', { name: 'Checkout' })).toHaveAttribute('href', '/issues?project=p1');
    expect(await within(card).findByText('12')).toBeInTheDocument();
    expect(card).toHaveTextContent('In progress1');
    const bar = await screen.findByRole('progressbar', { name: 'Signups above 40 progress' });
    expect(bar).toHaveAttribute('aria-valuenow', '25');
    expect(screen.getByTestId('goal')).toHaveTextContent('now 10 · target ≥ 40 · active · signups · Checkout');
  });

  it('has empty states for no projects and no goals', async () => {
    keyStorage.write(GOOD_KEY, false);
    renderApp(fakeApi().on('GET', '/api/v1/projects', page([])).on('GET', '/api/v1/goals', page([])), '/projects');
    expect(await screen.findByText('No projects yet (create one with POST /api/v1/projects).')).toBeInTheDocument();
    expect(await screen.findByText('No goals yet.')).toBeInTheDocument();
  });
});
