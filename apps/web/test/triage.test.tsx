import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { keyStorage } from '../src/auth/key-storage';
import { fakeApi, GOOD_KEY } from './support/fake-api';
import { aSignalInTriage, page } from './support/fixtures';
import { renderApp } from './support/render';

function triageApi() {
  const sent: { method: string; path: string; body: unknown }[] = [];
  const record = async (request: Request) => {
    sent.push({ method: request.method, path: new URL(request.url).pathname, body: await request.clone().json() });
    return { data: {} };
  };
  const api = fakeApi()
    .on('GET', '/api/v1/projects', page([{ id: 'proj1', name: 'Checkout', description: null, status: 'active', health: 'on_track', goalId: null, createdAt: '', updatedAt: '' }]))
    .on('GET', '/api/v1/issues', page([aSignalInTriage(9, 'Newest signal'), aSignalInTriage(8, 'Older signal')]))
    .on('PATCH', '/api/v1/issues/issue9', record)
    .on('PATCH', '/api/v1/issues/issue8', record)
    .on('POST', '/api/v1/issues/issue8/comments', record, 201);
  return { api, sent };
}

describe('triage', () => {
  it('lists signal issues in triage, newest first, from the API', async () => {
    keyStorage.write(GOOD_KEY, false);
    const { api } = triageApi();
    renderApp(api, '/triage');
    const items = await screen.findAllByTestId('triage-item');
    expect(items.map((item) => item.querySelector('a')?.textContent)).toEqual(['#9 Newest signal', '#8 Older signal']);
    const list = api.requests.map((request) => new URL(request.url)).find((url) => url.pathname === '/api/v1/issues')!;
    expect(Object.fromEntries(list.searchParams)).toMatchObject({ status: 'triage', type: 'signal', sort: '-createdAt' });
  });

  it('accepts the current signal to todo into the chosen project with the t key', async () => {
    keyStorage.write(GOOD_KEY, false);
    const { api, sent } = triageApi();
    renderApp(api, '/triage');
    await screen.findAllByTestId('triage-item');
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Accept into project'), 'Checkout');
    await user.click(document.body);
    await user.keyboard('t');
    await waitFor(() => expect(sent).toEqual([{ method: 'PATCH', path: '/api/v1/issues/issue9', body: { status: 'todo', projectId: 'proj1' } }]));
    expect(await screen.findByTestId('triage-done')).toHaveTextContent('Accepted #9 to todo.');
  });

  it('declines with a comment, then cancels, moving with j and d', async () => {
    keyStorage.write(GOOD_KEY, false);
    const { api, sent } = triageApi();
    renderApp(api, '/triage');
    await screen.findAllByTestId('triage-item');
    const user = userEvent.setup();
    await user.keyboard('jd');
    const reason = await screen.findByLabelText('Why decline #8? (posted as a comment)');
    expect(reason).toHaveFocus();
    await user.type(reason, 'Noise from a test run');
    await user.click(screen.getByRole('button', { name: 'Decline and cancel' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[0]).toMatchObject({ method: 'POST', path: '/api/v1/issues/issue8/comments', body: { body: 'Declined in triage: Noise from a test run', authorType: 'human' } });
    expect(sent[1]).toEqual({ method: 'PATCH', path: '/api/v1/issues/issue8', body: { status: 'canceled' } });
    expect(await screen.findByTestId('triage-done')).toHaveTextContent('Declined #8.');
  });
});
