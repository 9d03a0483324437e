import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { keyStorage } from '../src/auth/key-storage';
import { fakeApi, GOOD_KEY } from './support/fake-api';
import { anIssue } from './support/fixtures';
import { renderApp } from './support/render';

function issuesApi() {
  return fakeApi()
    .on('GET', '/api/v1/projects', { data: [], total: 0, limit: 200, offset: 0 })
    .on('GET', '/api/v1/issues', (request: Request) => {
      const url = new URL(request.url);
      const offset = Number(url.searchParams.get('offset'));
      return { data: [anIssue(offset + 1, { title: 'First' }), anIssue(offset + 2, { title: '<img src=x onerror=alert(1)> Second' })], total: 120, limit: 50, offset };
    });
}

const listRequests = (api: ReturnType<typeof fakeApi>) =>
  api.requests.map((request) => new URL(request.url)).filter((url) => url.pathname === '/api/v1/issues');

describe('issues view', () => {
  it('asks the API for exactly what the URL says: filters, sort and page', async () => {
    keyStorage.write(GOOD_KEY, false);
    const api = issuesApi();
    renderApp(api, '/issues?status=todo,in_progress&priority=1&q=checkout&sort=-priority&page=2');
    await screen.findByTestId('issues-table');
    const query = listRequests(api).at(-1)!.searchParams;
    expect(Object.fromEntries(query)).toEqual({ limit: '50', offset: '50', sort: '-priority', status: 'todo,in_progress', priority: '1', q: 'checkout' });
    expect(screen.getByTestId('page-info')).toHaveTextContent('51–100 of 120 · page 2 of 3');
  });

  it('shows a combination of statuses from a shared URL in the Status filter', async () => {
    keyStorage.write(GOOD_KEY, false);
    renderApp(issuesApi(), '/issues?status=todo,done');
    await screen.findByTestId('issues-table');
    const status = screen.getByLabelText<HTMLSelectElement>('Status');
    expect(status.value).toBe('todo,done');
    expect(status.selectedOptions[0]).toHaveTextContent('todo, done');
  });

  it('renders a hostile title as text', async () => {
    keyStorage.write(GOOD_KEY, false);
    const { container } = renderApp(issuesApi(), '/issues');
    expect(await screen.findByText('<img src=x onerror=alert(1)> Second')).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('moves the selection with j / k and searches with /', async () => {
    keyStorage.write(GOOD_KEY, false);
    const api = issuesApi();
    renderApp(api, '/issues');
    const table = await screen.findByTestId('issues-table');
    const user = userEvent.setup();
    await user.keyboard('jj');
    expect(within(table).getAllByTestId('issue-row')[1]).toHaveAttribute('aria-current', 'true');
    await user.keyboard('k');
    expect(within(table).getAllByTestId('issue-row')[0]).toHaveAttribute('aria-current', 'true');
    await user.keyboard('/');
    expect(screen.getByLabelText('Search (press /)')).toHaveFocus();
    await user.keyboard('crash{Enter}');
    expect(await screen.findByTestId('issues-table')).toBeInTheDocument();
    expect(listRequests(api).at(-1)!.searchParams.get('q')).toBe('crash');
  });

  it('opens the selected issue with Enter', async () => {
    keyStorage.write(GOOD_KEY, false);
    const api = issuesApi().on('GET', '/api/v1/issues/1', { error: 'gone', code: 'not_found' }, 404);
    renderApp(api, '/issues');
    await screen.findByTestId('issues-table');
    const user = userEvent.setup();
    await user.keyboard('j{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('gone');
    expect(api.requests.some((request) => new URL(request.url).pathname === '/api/v1/issues/1')).toBe(true);
  });
});
