import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, json, ROOT_KEY, startServer } from './harness';

describe('loop queue, next, status and templates', () => {
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

  it('shows the ranked queue with scores, claims the top issue and prints its prompt', async () => {
    await json(cli.run, ['signal', 'Checkout is slow', '--severity', 'critical']);
    await json(cli.run, ['create', 'Low priority chore', '--status', 'todo', '--priority', '4']);

    const queue = await cli.run(['queue']);
    expect(queue.code).toBe(0);
    const rows = queue.stdout.split('\n');
    expect(rows[0]).toMatch(/^RANK\s+SCORE/);
    expect(rows[1]).toContain('Checkout is slow');
    expect(rows[2]).toContain('Low priority chore');
    expect(queue.stdout).toContain('2 ready');

    const next = await cli.run(['next']);
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(/^Claimed #\d+ Checkout is slow/);
    expect(next.stdout).toContain('template signal-triage v1');
    expect(next.stdout).toContain('$LOOP_API_KEY');

    const claimed = await json(cli.run, ['next']);
    expect(claimed.data.issue.title).toBe('Low priority chore');
    expect(claimed.data.meta.dispatchId).toEqual(expect.any(String));

    const empty = await cli.run(['next']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('Nothing is ready');
  });

  it('claims with a POST and an Idempotency-Key: the same key answers the same claim', async () => {
    await json(cli.run, ['create', 'Retried claim', '--status', 'todo']);
    await json(cli.run, ['create', 'Left for later', '--status', 'todo']);
    const first = await json(cli.run, ['next', '--idempotency-key', 'cli-claim-1']);
    const again = await json(cli.run, ['next', '--idempotency-key', 'cli-claim-1']);
    expect(first.data.issue.title).toBe('Retried claim');
    expect(again.data.meta.dispatchId).toBe(first.data.meta.dispatchId);
    const human = await cli.run(['next']);
    expect(human.stdout).toMatch(/^Claimed #\d+ Left for later/);
    expect(human.stdout).toContain('Loop-Dispatch-Id');
  });

  it('summarises the state of the loop', async () => {
    const status = await json(cli.run, ['status']);
    expect(status).toMatchObject({ queueDepth: 0, inProgress: { total: 4 } });
    const human = await cli.run(['status']);
    expect(human.stdout).toMatch(/In progress\s+4/);
  });

  it('lists templates, shows versions and scores, and promotes a version', async () => {
    const list = await cli.run(['templates']);
    for (const slug of ['signal-triage', 'hypothesis-plan', 'plan-decompose', 'task-execute', 'monitor-check', 'prompt-improvement']) {
      expect(list.stdout).toContain(slug);
    }
    const created = await fetch(`${server.url}/api/v1/templates/task-execute/versions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ROOT_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ content: 'Do {{issue.title}}', authorName: 'ada', authorType: 'human' }),
    });
    const version = ((await created.json()) as { data: { id: string } }).data;

    const shown = await cli.run(['templates', 'show', 'task-execute']);
    expect(shown.stdout).toMatch(/v2\s+draft/);
    expect(shown.stdout).toMatch(/v1\s+active/);

    const promoted = await cli.run(['templates', 'promote', version.id]);
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toContain('Promoted task-execute v2');
    const after = await json(cli.run, ['templates', 'show', 'task-execute']);
    expect(after.versions.find((v: { id: string }) => v.id === version.id).status).toBe('active');
  });
});
