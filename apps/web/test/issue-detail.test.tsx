import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { keyStorage } from '../src/auth/key-storage';
import { fakeApi, GOOD_KEY } from './support/fake-api';
import { anIssueDetail, page } from './support/fixtures';
import { renderApp } from './support/render';

const labels = [
  { id: 'lab1', name: 'bug', color: '#f00', createdAt: '' },
  { id: 'lab2', name: 'checkout', color: '#00f', createdAt: '' },
];

function detailApi(detail: Record<string, unknown>) {
  const patches: unknown[] = [];
  const comments: unknown[] = [];
  const api = fakeApi()
    .on('GET', '/api/v1/labels', page(labels))
    .on('GET', '/api/v1/projects', page([]))
    .on('GET', '/api/v1/issues/7', { data: detail })
    .on('GET', '/api/v1/issues/7/comments', page([{ id: 'c1', issueId: 'issue7', parentId: null, body: 'First **look**', authorName: 'alice', authorType: 'human', createdAt: '2026-12-01T10:00:00.000Z', replies: [{ id: 'c2', issueId: 'issue7', parentId: 'c1', body: 'Agreed', authorName: 'claude', authorType: 'agent', createdAt: '2026-12-01T11:00:00.000Z' }] }]))
    .on('PATCH', '/api/v1/issues/7', async (request: Request) => {
      patches.push(await request.clone().json());
      return { data: detail };
    })
    .on('POST', '/api/v1/issues/7/comments', async (request: Request) => {
      comments.push(await request.clone().json());
      return { data: {} };
    }, 201);
  return { api, patches, comments };
}

describe('issue detail', () => {
  it('saves a new priority and a label as soon as they change', async () => {
    keyStorage.write(GOOD_KEY, false);
    const { api, patches } = detailApi(anIssueDetail(7, { labels: [{ id: 'lab1', name: 'bug', color: '#f00' }] }));
    renderApp(api, '/issues/7');
    const fields = await screen.findByTestId('issue-fields');
    const user = userEvent.setup();
    await user.selectOptions(within(fields).getByLabelText('Priority'), 'Urgent');
    await waitFor(() => expect(patches).toEqual([{ priority: 1 }]));
    await user.click(await within(fields).findByRole('checkbox', { name: 'checkout' }));
    await waitFor(() => expect(patches).toEqual([{ priority: 1 }, { labelIds: ['lab1', 'lab2'] }]));
  });

  it('shows the thread with its replies and posts a comment', async () => {
    keyStorage.write(GOOD_KEY, false);
    const { api, comments } = detailApi(anIssueDetail(7));
    renderApp(api, '/issues/7');
    const thread = await screen.findByTestId('comment');
    expect(within(thread).getByText('look').tagName).toBe('STRONG');
    expect(within(thread).getByTestId('reply')).toHaveTextContent('Agreed');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Add a comment'), 'Looks fixed');
    await user.click(screen.getByRole('button', { name: 'Comment' }));
    await waitFor(() => expect(comments).toEqual([{ body: 'Looks fixed', authorName: 'dashboard', authorType: 'human' }]));
  });

  it('shows the signal payload as a tree, relations from both sides and the agent sessions', async () => {
    keyStorage.write(GOOD_KEY, false);
    const blocker = { id: 'issue3', number: 3, title: 'Fix the DB', type: 'task', status: 'todo', priority: 2 };
    const blocked = { id: 'issue9', number: 9, title: 'Ship it', type: 'task', status: 'backlog', priority: 3 };
    const detail = anIssueDetail(7, {
      signalPayload: { error: { title: 'ZeroDivisionError', frames: [1, 2] } },
      relations: [
        { id: 'r1', type: 'blocked_by', issue: blocker },
        { id: 'r2', type: 'blocks', issue: blocked },
      ],
      previousSessions: [
        { dispatchId: 'd1', outcome: 'expired', claimedAt: '2026-12-01T10:00:00.000Z', leaseExpiresAt: '2026-12-01T10:30:00.000Z', finishedAt: null, agentSessionId: null, summary: 'Ran out of time', versionId: 'v1',
          commits: [{ sha: 'abcdef1234567', message: 'wip', url: 'javascript:alert(1)' }], pullRequests: [{ number: 12, url: 'https://github.com/o/r/pull/12', status: 'open', merged: false }] },
      ],
    });
    renderApp(detailApi(detail).api, '/issues/7');
    const tree = await screen.findByTestId('json-tree');
    expect(tree).toHaveTextContent('"ZeroDivisionError"');
    expect(screen.getByTestId('relation-blocked_by')).toHaveTextContent('#3 Fix the DB');
    expect(screen.getByTestId('relation-blocks')).toHaveTextContent('#9 Ship it');
    const session = screen.getByTestId('session');
    expect(session).toHaveTextContent('expired');
    expect(session).toHaveTextContent('Ran out of time');
    expect(within(session).getByRole('link', { name: 'PR #12' })).toHaveAttribute('href', 'https://github.com/o/r/pull/12');
    expect(within(session).queryByRole('link', { name: 'abcdef12' })).toBeNull();
  });
});
