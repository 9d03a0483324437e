import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { REFUSED_MESSAGE } from '../src/auth/auth-context';
import { keyStorage } from '../src/auth/key-storage';
import { fakeApi, GOOD_KEY } from './support/fake-api';
import { renderApp } from './support/render';

const stats = {
  issues: { total: 0, byStatus: {}, byType: {} },
  goals: [],
  queue: { ready: 3, inProgress: 1 },
  lastSevenDays: { since: '2026-12-01T00:00:00.000Z', claims: 0, completions: 0, daily: [] },
};

function apiWithOverview() {
  return fakeApi()
    .on('GET', '/api/v1/dashboard/stats', { data: stats })
    .on('GET', '/api/v1/dashboard/activity', { data: [], total: 0, limit: 12, offset: 0 })
    .on('GET', '/api/v1/dashboard/prompts', { data: [], total: 0, limit: 100, offset: 0 });
}

async function signIn(key: string, remember = false) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('API key'), key);
  if (remember) await user.click(screen.getByLabelText('Remember on this device'));
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign-in', () => {
  it('sends a signed-out person to sign-in', async () => {
    renderApp(apiWithOverview(), '/');
    expect(await screen.findByRole('heading', { name: 'Sign in to Loop' })).toBeInTheDocument();
  });

  it('keeps an accepted key in sessionStorage only and opens the overview', async () => {
    const api = apiWithOverview();
    renderApp(api, '/');
    await signIn(GOOD_KEY);
    expect(await screen.findByTestId('stat-queue')).toHaveTextContent('3');
    expect(sessionStorage.getItem('loop.apiKey')).toBe(GOOD_KEY);
    expect(localStorage.getItem('loop.apiKey')).toBeNull();
    expect(api.requests.every((request) => !request.url.includes(GOOD_KEY))).toBe(true);
  });

  it('keeps the key in localStorage when asked to remember this device', async () => {
    renderApp(apiWithOverview(), '/');
    await signIn(GOOD_KEY, true);
    await screen.findByTestId('stat-queue');
    expect(localStorage.getItem('loop.apiKey')).toBe(GOOD_KEY);
    expect(sessionStorage.getItem('loop.apiKey')).toBeNull();
  });

  it('refuses a wrong key with a message and stores nothing', async () => {
    renderApp(apiWithOverview(), '/');
    await signIn('loop_wrong');
    expect(await screen.findByTestId('sign-in-error')).toHaveTextContent('That key was refused');
    expect(keyStorage.read()).toBeNull();
  });

  it('returns to sign-in with a clear message when the key is revoked mid-session', async () => {
    keyStorage.write(GOOD_KEY, true);
    const api = apiWithOverview();
    api.revoke();
    renderApp(api, '/');
    expect(await screen.findByTestId('sign-in-error')).toHaveTextContent(REFUSED_MESSAGE);
    expect(keyStorage.read()).toBeNull();
  });

  it('signs out: the key is forgotten and sign-in shows again', async () => {
    keyStorage.write(GOOD_KEY, false);
    renderApp(apiWithOverview(), '/');
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Loop' })).toBeInTheDocument();
    await waitFor(() => expect(keyStorage.read()).toBeNull());
  });
});
