import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, json, ROOT_KEY, startServer } from './harness';

describe('loop issue commands', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let cli: ReturnType<typeof cliRunner>;
  beforeAll(async () => {
    server = await startServer();
    cli = cliRunner({ env: { LOOP_URL: server.url, LOOP_API_KEY: ROOT_KEY } });
  });
  afterAll(async () => {
    cli.cleanup();
    await server.stop();
  });

  it('records a signal as a triage issue', async () => {
    const result = await cli.run(['signal', 'Checkout is slow', '--severity', 'high']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/triage issue #\d+ Checkout is slow/);
    const page = await json(cli.run, ['list', '--type', 'signal']);
    expect(page.data).toEqual([expect.objectContaining({ title: 'Checkout is slow', status: 'triage', priority: 2 })]);
  });

  it('creates, lists, updates and shows issues with children, relations and comments', async () => {
    const parent = await json(cli.run, ['create', 'Speed up checkout', '--type', 'plan', '--priority', '2']);
    const child = await json(cli.run, ['create', 'Cache prices', '--parent', String(parent.data.number), '--status', 'todo']);
    expect(child.data.parentId).toBe(parent.data.id);
    const other = await json(cli.run, ['create', 'Measure latency', '--type', 'monitor']);

    expect((await cli.run(['link', String(other.data.number), 'blocked-by', String(child.data.number)])).code).toBe(0);
    expect((await cli.run(['comment', String(child.data.number), 'Started on this', '--author', 'ada'])).code).toBe(0);
    const updated = await json(cli.run, ['update', String(child.data.number), '--status', 'in_progress']);
    expect(updated.data.status).toBe('in_progress');

    const shown = await cli.run(['show', String(child.data.number)]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`#${child.data.number} Cache prices`);
    expect(shown.stdout).toContain(`parent    #${parent.data.number} Speed up checkout`);
    expect(shown.stdout).toMatch(new RegExp(`blocks\\s+#${other.data.number} Measure latency`));
    expect(shown.stdout).toContain('ada (human');
    expect(shown.stdout).toContain('Started on this');

    const shownJson = await json(cli.run, ['show', String(child.data.number)]);
    expect(shownJson.data.relations).toEqual([
      expect.objectContaining({ type: 'blocks', issue: expect.objectContaining({ number: other.data.number }) }),
    ]);
    expect(shownJson.comments).toHaveLength(1);

    const table = await cli.run(['list', '--status', 'in_progress']);
    expect(table.stdout.split('\n')[0]).toMatch(/^#\s+STATUS\s+TYPE\s+PRIORITY\s+CREATED\s+TITLE$/);
    expect(table.stdout).toContain('Cache prices');
    expect(table.stdout).not.toContain('Measure latency');
  });

  it('accepts and declines from the triage queue, keeping the reason as a comment', async () => {
    const kept = await json(cli.run, ['signal', 'Error rate up']);
    const dropped = await json(cli.run, ['signal', 'Flaky alert']);
    const queue = await json(cli.run, ['triage']);
    expect(queue.data.map((issue: { number: number }) => issue.number)).toEqual(
      expect.arrayContaining([kept.data.issue.number, dropped.data.issue.number]),
    );

    const accepted = await json(cli.run, ['triage', 'accept', String(kept.data.issue.number), '--todo']);
    expect(accepted.data.status).toBe('todo');
    const declined = await json(cli.run, ['triage', 'decline', String(dropped.data.issue.number), 'not actionable']);
    expect(declined.data.status).toBe('canceled');
    const shown = await json(cli.run, ['show', String(dropped.data.issue.number)]);
    expect(shown.comments[0].body).toContain('not actionable');
  });

  it('lists projects and goals, goals with a progress bar', async () => {
    await fetch(`${server.url}/api/v1/goals`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ROOT_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'p95 under 300 ms', targetValue: 100, currentValue: 50, unit: '%' }),
    });
    await fetch(`${server.url}/api/v1/projects`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ROOT_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Checkout' }),
    });
    await fetch(`${server.url}/api/v1/goals`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ROOT_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Error rate below 0.5 %', direction: 'decrease', targetValue: 0.5, currentValue: 1 }),
    });
    const goals = await cli.run(['goals']);
    expect(goals.stdout).toContain('██████████░░░░░░░░░░  50%');
    expect(goals.stdout).toContain('p95 under 300 ms');
    // Twice its target on a goal to go down: nothing done yet, not 100 %.
    expect(goals.stdout).toMatch(/░{20}\s+0%\s+1 \/ 0\.5/);
    expect((await cli.run(['status'])).stdout).toMatch(/░{20}\s+0%\s+Error rate below 0\.5 %/);
    expect((await cli.run(['projects'])).stdout).toContain('Checkout');
  });

  it('manages API keys, showing the secret only on creation', async () => {
    const created = await json(cli.run, ['keys', 'create', 'ci']);
    expect(created.data.key).toMatch(/^loop_/);
    const listed = await cli.run(['keys', 'list']);
    expect(listed.stdout).toContain('ci');
    expect(listed.stdout).not.toContain(created.data.key);
    expect((await cli.run(['keys', 'revoke', created.data.id])).code).toBe(0);
    const withRevoked = await cli.run(['list'], { env: { LOOP_API_KEY: created.data.key } });
    expect(withRevoked.code).toBe(4);
  });

  it('creates an agent key, which may work but not manage keys', async () => {
    const created = await json(cli.run, ['keys', 'create', 'worker', '--role', 'agent']);
    expect(created.data.role).toBe('agent');
    expect((await cli.run(['keys', 'list'])).stdout).toMatch(/worker\s+agent/);
    const asAgent = { env: { LOOP_API_KEY: created.data.key } };
    expect((await cli.run(['list'], asAgent)).code).toBe(0);
    const refused = await cli.run(['keys', 'list'], asAgent);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('admin');
  });
});
