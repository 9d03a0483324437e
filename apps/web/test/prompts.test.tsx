import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { keyStorage } from '../src/auth/key-storage';
import { fakeApi, GOOD_KEY } from './support/fake-api';
import { page } from './support/fixtures';
import { renderApp } from './support/render';

function aVersion(version: number, status: string, content: string) {
  return { id: `v${version}`, templateId: 't1', version, content, changelog: null, authorType: 'human', authorName: 'ann', status,
    activatedAt: null, usageCount: 0, completionRate: null, avgDurationMs: null, reviewScore: null, createdAt: '2026-12-01T10:00:00.000Z' };
}

const v1 = aVersion(1, 'retired', '# {{issue.title}}\nFirst words\n');
const v2 = aVersion(2, 'active', '# {{issue.title}}\nSecond words\n');
const v3 = aVersion(3, 'draft', '# {{issue.title}}\nThird words\nMore\n');
const template = { id: 't1', slug: 'task-execute', name: 'Task execution', description: null, conditions: {}, specificity: 1, projectId: null,
  activeVersionId: 'v2', improvementIssueId: null, activeVersion: v2, createdAt: '', updatedAt: '' };

function promptsApi() {
  const sent: { method: string; path: string; body: unknown }[] = [];
  const api = fakeApi()
    .on('GET', '/api/v1/templates/task-execute', { data: template })
    .on('GET', '/api/v1/templates/task-execute/versions', page([v3, v2, v1]))
    .on('GET', '/api/v1/templates/task-execute/reviews', { ...page([{ id: 'r1', versionId: 'v2', issueId: 'i1', clarity: 2, completeness: 3, relevance: 4, feedback: 'Too long', authorType: 'agent', createdAt: '2026-12-01T10:00:00.000Z' }]), averages: { clarity: 2, completeness: 3, relevance: 4, overall: 3 }, count: 1 })
    .on('PATCH', '/api/v1/templates/task-execute/versions/v3', async (request: Request) => {
      sent.push({ method: 'PATCH', path: new URL(request.url).pathname, body: await request.clone().json() });
      return { data: { ...v3, status: 'active' } };
    })
    .on('POST', '/api/v1/templates/task-execute/versions', async (request: Request) => {
      sent.push({ method: 'POST', path: new URL(request.url).pathname, body: await request.clone().json() });
      return { error: "content: Parse error on line 2:\n{{#if x}\n------^\nExpecting 'CLOSE'", code: 'validation_failed', details: [{ field: 'content', message: "Parse error on line 2:\n{{#if x}\n------^\nExpecting 'CLOSE'" }] };
    }, 422);
  return { api, sent };
}

describe('a prompt template', () => {
  it('compares the two versions named in the URL side by side', async () => {
    keyStorage.write(GOOD_KEY, false);
    renderApp(promptsApi().api, '/prompts/task-execute?from=1&to=3');
    const diff = await screen.findByTestId('version-diff');
    expect(within(diff).getByRole('columnheader', { name: 'Version 1' })).toBeInTheDocument();
    expect(within(diff).getByRole('columnheader', { name: 'Version 3' })).toBeInTheDocument();
    const removed = [...diff.querySelectorAll('[data-kind="removed"]')].map((cell) => cell.textContent);
    const added = [...diff.querySelectorAll('[data-kind="added"]')].map((cell) => cell.textContent);
    expect(removed.join('|')).toContain('First words');
    expect(added.join('|')).toContain('Third words');
    expect(added.join('|')).toContain('More');
    expect(screen.getByTestId('review')).toHaveTextContent('Too long');
    expect(screen.getByTestId('review-averages')).toHaveTextContent('overall 3');
  });

  it('promotes a draft version', async () => {
    keyStorage.write(GOOD_KEY, false);
    const { api, sent } = promptsApi();
    renderApp(api, '/prompts/task-execute');
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Promote version 3' }));
    await waitFor(() => expect(sent).toEqual([{ method: 'PATCH', path: '/api/v1/templates/task-execute/versions/v3', body: { status: 'active' } }]));
    expect(screen.queryByRole('button', { name: 'Promote version 2' })).toBeNull();
  });

  it('shows the compile error with its line when a new version is refused', async () => {
    keyStorage.write(GOOD_KEY, false);
    const { api, sent } = promptsApi();
    renderApp(api, '/prompts/task-execute');
    const content = await screen.findByLabelText('Content (Handlebars)');
    expect(content).toHaveValue(v2.content);
    const user = userEvent.setup();
    await user.clear(content);
    await user.type(content, 'Intro{Enter}{{{{#if x}');
    await user.click(screen.getByRole('button', { name: 'Save version' }));
    const error = await screen.findByTestId('compile-error');
    expect(error).toHaveTextContent('The template does not compile (line 2)');
    expect(error).toHaveTextContent("Expecting 'CLOSE'");
    expect(error).toHaveTextContent('2 │ {{#if x}');
    expect(content).toHaveAttribute('aria-invalid', 'true');
    expect(sent[0]?.body).toMatchObject({ content: 'Intro\n{{#if x}', authorType: 'human', status: 'draft' });
  });
});
