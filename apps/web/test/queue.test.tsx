import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { keyStorage } from '../src/auth/key-storage';
import { fakeApi, GOOD_KEY } from './support/fake-api';
import { page } from './support/fixtures';
import { renderApp } from './support/render';

const entry = (number: number, score: number) => ({
  issue: { id: `issue${number}`, number, title: `Ready ${number}`, type: 'task', status: 'todo', priority: 1 },
  score,
  breakdown: { priority: 100, goal: 20, age: score - 120, total: score },
});

describe('queue', () => {
  it('ranks ready issues with their score breakdown and previews a prompt only when asked', async () => {
    keyStorage.write(GOOD_KEY, false);
    const api = fakeApi()
      .on('GET', '/api/v1/projects', page([]))
      .on('GET', '/api/v1/dispatch/queue', page([entry(4, 125), entry(2, 121)]))
      .on('GET', '/api/v1/issues/issue4/prompt-preview', { data: { template: { slug: 'task-execute' }, version: { version: 2 }, prompt: '# Ready 4\nDo it.' } });
    renderApp(api, '/queue');
    const entries = await screen.findAllByTestId('queue-entry');
    expect(entries[0]).toHaveTextContent('1.#4 Ready 4');
    expect(entries[0]).toHaveTextContent('125 = priority 100 + goal 20 + age 5');
    const previewed = () => api.requests.filter((request) => new URL(request.url).pathname.endsWith('/prompt-preview'));
    expect(previewed()).toHaveLength(0);
    await userEvent.setup().click(screen.getAllByRole('button', { name: 'Preview prompt' })[0]!);
    expect(await screen.findByTestId('prompt-preview')).toHaveTextContent('Template task-execute, version 2');
    expect(screen.getByTestId('prompt-preview')).toHaveTextContent('# Ready 4 Do it.');
    expect(previewed()).toHaveLength(1);
  });
});
