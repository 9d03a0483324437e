import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardCsp } from '../../src/routes/app/policy';
import { launchChromium, openTab, screenshot, seriousViolations, signIn, viewports } from './support/browser';
import { type Api, apiFor, type LoopServer, startLoop } from './support/loop-server';

let server: LoopServer;
let api: Api;
let browser: Browser;
let sequence = 0;
const unique = (text: string) => `${text} ${Date.now().toString(36)}-${++sequence}`;

async function anIssue(fields: Record<string, unknown> = {}) {
  const response = await api.post('/issues', { title: unique('E2E issue'), type: 'task', status: 'todo', ...fields });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data as { id: string; number: number; title: string };
}

beforeAll(async () => {
  server = await startLoop();
  api = apiFor(server);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the dashboard served by npm start', () => {
  it('printed its URL beside the first-run key, and the key signs in', async () => {
    expect(server.output()).toContain(`${server.url}/app/`);
    const { page, problems, context } = await openTab(browser);
    await page.goto(`${server.url}/app/`);
    await page.waitForURL(/\/app\/sign-in/);
    await page.getByLabel('API key').fill(server.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(page.url()).not.toContain(server.key);
    expect(await page.evaluate("sessionStorage.getItem('loop.apiKey')")).toBe(server.key);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('sends the CSP on its pages, and the page runs under it without a violation', async () => {
    const { page, problems, context } = await openTab(browser);
    const response = await page.goto(`${server.url}/app/issues`);
    expect(response?.headers()['content-security-policy']).toBe(dashboardCsp);
    await signIn(page, server.url, server.key);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('triages a signal ingested through the API', async () => {
    const title = unique('Checkout error spike');
    const signal = await api.post('/signals', { source: 'sentry', type: 'error-spike', severity: 'high', title, payload: { message: 'boom' } });
    expect(signal.status, JSON.stringify(signal.body)).toBe(201);
    const issueId = signal.body.data.issue.id as string;

    const { page, problems, context } = await openTab(browser);
    await signIn(page, server.url, server.key);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Triage' }).click();
    const item = page.getByTestId('triage-item').filter({ hasText: title });
    await item.waitFor();
    await item.getByRole('button', { name: 'Accept to todo' }).click();
    await item.waitFor({ state: 'detached' });

    await expect.poll(async () => (await api.get(`/issues/${issueId}`)).body.data.status).toBe('todo');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows an issue claimed through the API in progress, with its session', async () => {
    const project = (await api.post('/projects', { name: unique('Claims') })).body.data;
    const issue = await anIssue({ projectId: project.id });
    const claim = await api.get(`/dispatch/next?projectId=${project.id}`);
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);
    expect(claim.body.data.issue.id).toBe(issue.id);

    const { page, problems, context } = await openTab(browser);
    await signIn(page, server.url, server.key);
    await page.goto(`${server.url}/app/issues/${issue.number}`);
    await page.getByTestId('issue-title').getByText(issue.title).waitFor();
    await expect.poll(() => page.getByLabel('Status').inputValue()).toBe('in_progress');
    const session = page.getByTestId('sessions').getByTestId('session');
    await session.first().waitFor();
    expect(await session.count()).toBe(1);
    expect(await session.first().textContent()).toMatch(/claimed/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens an issue from the list, comments, and changes its priority and labels', async () => {
    const label = (await api.post('/labels', { name: unique('checkout'), color: '#0055aa' })).body.data;
    const issue = await anIssue({ priority: 3 });

    const { page, problems, context } = await openTab(browser);
    await signIn(page, server.url, server.key);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Issues' }).click();
    await page.getByTestId('issue-row').filter({ hasText: issue.title }).getByRole('link', { name: issue.title }).click();
    await page.getByTestId('issue-title').getByText(issue.title).waitFor();
    expect(page.url()).toContain(`/app/issues/${issue.number}`);

    const comment = unique('Looked into it');
    await page.getByLabel('Add a comment').fill(comment);
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.getByText(comment).waitFor();

    await page.getByLabel('Priority').selectOption('1');
    await expect.poll(async () => (await api.get(`/issues/${issue.id}`)).body.data.priority).toBe(1);
    // The box follows the saved issue (no optimistic tick), so it is clicked and then awaited.
    await page.getByRole('checkbox', { name: label.name }).click();
    await expect.poll(() => page.getByRole('checkbox', { name: label.name }).isChecked()).toBe(true);
    await expect
      .poll(async () => (await api.get(`/issues/${issue.id}`)).body.data.labels.map((l: { id: string }) => l.id))
      .toEqual([label.id]);

    const comments = (await api.get(`/issues/${issue.id}/comments`)).body.data;
    expect(comments.map((c: { body: string }) => c.body)).toContain(comment);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('creates and promotes a template version, and the preview changes to it', async () => {
    const issue = await anIssue();
    const before = await api.get(`/issues/${issue.number}/prompt-preview`);
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    const slug = before.body.data.template.slug as string;
    const marker = unique('E2E-PROMPT-MARKER').replaceAll(' ', '-');

    const { page, problems, context } = await openTab(browser);
    await signIn(page, server.url, server.key);
    await page.goto(`${server.url}/app/prompts/${slug}?issue=${issue.number}`);
    const preview = page.getByTestId('prompt-preview');
    await preview.waitFor();
    expect(await preview.textContent()).not.toContain(marker);

    await page.getByLabel('Content (Handlebars)').fill(`${marker}\n\nWork on: {{issue.title}}\n`);
    await page.getByRole('button', { name: 'Save version' }).click();
    const saved = page.getByRole('status').filter({ hasText: /saved as draft/ });
    await saved.waitFor();
    const version = /Version (\d+)/.exec((await saved.textContent()) ?? '')?.[1];
    await page.getByRole('button', { name: `Promote version ${version}` }).click();

    await expect.poll(async () => (await preview.textContent()) ?? '', { timeout: 15_000 }).toContain(marker);
    expect(await preview.textContent()).toContain(issue.title);
    expect((await api.get(`/templates/${slug}`)).body.data.activeVersion.version).toBe(Number(version));
    expect(problems).toEqual([]);
    await context.close();
  });

  it('renders an issue titled and described with HTML as text, running nothing', async () => {
    const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    const issue = await anIssue({ title: `Hostile ${hostile}`, description: `Described ${hostile}\n\n<b>bold?</b>` });

    const { page, problems, context } = await openTab(browser);
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await signIn(page, server.url, server.key);
    await page.goto(`${server.url}/app/issues/${issue.number}`);
    await page.getByTestId('issue-title').waitFor();
    expect(await page.getByTestId('issue-title').textContent()).toBe(`Hostile ${hostile}`);
    expect(await page.getByTestId('issue-description').textContent()).toContain('<img src=x onerror=');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('#main script').count()).toBe(0);
    expect(await page.locator('#main b').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(dialogs).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('signs out: the key leaves the browser and the views ask for it again', async () => {
    const { page, context } = await openTab(browser);
    await signIn(page, server.url, server.key);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Loop' }).waitFor();
    expect(await page.evaluate("[sessionStorage.getItem('loop.apiKey'), localStorage.getItem('loop.apiKey')]")).toEqual([null, null]);
    await page.goto(`${server.url}/app/issues`);
    await page.getByRole('heading', { name: 'Sign in to Loop' }).waitFor();
    await context.close();
  });

  it('refuses a revoked key, at sign-in and in a session it was signed in with', async () => {
    const created = (await api.post('/api-keys', { name: unique('e2e') })).body.data as { id: string; key: string };
    const { page, context } = await openTab(browser);
    await signIn(page, server.url, created.key);
    expect((await api.delete(`/api-keys/${created.id}`)).status).toBe(204);

    // The next request with it (here, opening another view) sends the person back to sign in.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Issues' }).click();
    await page.getByRole('heading', { name: 'Sign in to Loop' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/refused/i);
    expect(await page.evaluate("sessionStorage.getItem('loop.apiKey')")).toBeNull();

    await page.getByLabel('API key').fill(created.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: /refused/i }).waitFor();
    expect(page.url()).toContain('/app/sign-in');
    await context.close();
  });
});

describe('every view, on a desktop and a phone', () => {
  const views: { name: string; path: () => string; ready: string }[] = [];

  beforeAll(async () => {
    const project = (await api.post('/projects', { name: unique('Checkout'), status: 'active' })).body.data;
    const goal = (
      await api.post('/goals', { title: 'Checkout error rate below 0.5 %', direction: 'decrease', targetValue: 0.5, currentValue: 1, unit: '%' })
    ).body.data;
    await api.patch(`/projects/${project.id}`, { goalId: goal.id });
    await api.post('/signals', { source: 'posthog', type: 'metric-change', severity: 'medium', title: unique('Activation dropped'), payload: { delta: -0.1 } });
    const issue = await anIssue({ projectId: project.id, description: 'Steps:\n\n1. open the cart\n2. **pay**' });
    const { slug, name } = (await api.get(`/issues/${issue.number}/prompt-preview`)).body.data.template;
    views.push(
      { name: 'overview', path: () => '/app/', ready: 'Overview' },
      { name: 'issues', path: () => '/app/issues', ready: 'Issues' },
      { name: 'issue-detail', path: () => `/app/issues/${issue.number}`, ready: issue.title },
      { name: 'triage', path: () => '/app/triage', ready: 'Triage' },
      { name: 'queue', path: () => '/app/queue', ready: 'Queue' },
      { name: 'projects', path: () => '/app/projects', ready: 'Projects and goals' },
      { name: 'prompts', path: () => '/app/prompts', ready: 'Prompts' },
      { name: 'template', path: () => `/app/prompts/${slug}?issue=${issue.number}`, ready: name },
    );
  });

  it.each(Object.entries(viewports))('has no serious or critical accessibility violation on a %s (screenshots in artifacts/)', async (viewportName, viewport) => {
    const { page, problems, context } = await openTab(browser, viewport);
    await page.goto(`${server.url}/app/sign-in`);
    await page.getByRole('heading', { name: 'Sign in to Loop' }).waitFor();
    const found: string[] = (await seriousViolations(page)).map((line) => `sign-in: ${line}`);
    await screenshot(page, `sign-in-${viewportName}`);
    await signIn(page, server.url, server.key);

    for (const view of views) {
      await page.goto(`${server.url}${view.path()}`);
      await page.getByRole('heading', { level: 1 }).filter({ hasText: view.ready }).waitFor();
      // Let every query of the view settle: no loading state left on the page.
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.getByRole('status').filter({ hasText: /Loading|Rendering/ }).count()).toBe(0);
      found.push(...(await seriousViolations(page)).map((line) => `${view.name}: ${line}`));
      await screenshot(page, `${view.name}-${viewportName}`);
    }
    expect(found).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
