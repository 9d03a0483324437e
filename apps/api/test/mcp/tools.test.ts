import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRows } from '../../src/db/raw-rows';
import { createTestApp, TEST_ROOT_KEY, type TestApp } from '../support/app';
import { call, listen, mcpClient, ok } from '../support/mcp';

/** The rows a tool could write: a refused call must leave every count as it was. */
async function rowCounts(t: TestApp) {
  const [counts] = await rawRows<Record<string, number>>(
    t.db,
    sql`select (select count(*)::int from issues) as issues, (select count(*)::int from comments) as comments,
      (select count(*)::int from issue_relations) as relations, (select count(*)::int from signals) as signals,
      (select count(*)::int from prompt_reviews) as reviews, (select count(*)::int from dispatches) as dispatches`,
  );
  return counts;
}

const readTools = ['get_issue', 'list_issues', 'get_queue', 'loop_status'];

describe('MCP tools over Streamable HTTP', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let client: Client;
  beforeAll(async () => {
    t = await createTestApp();
    server = await listen(t);
    client = await mcpClient(server.url);
  });
  afterAll(async () => {
    await client.close();
    await server.close();
    await t.close();
  });

  it('lists every tool with a description, a self-contained input schema and truthful annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [
        'add_comment', 'claim_next_issue', 'create_issue', 'get_issue', 'get_queue', 'heartbeat', 'ingest_signal',
        'list_issues', 'loop_status', 'relate_issues', 'report_outcome', 'review_prompt', 'update_issue',
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.description!.length).toBeGreaterThan(60);
      expect(tool.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(JSON.stringify(tool.inputSchema)).not.toContain('$ref');
      expect(tool.annotations).toMatchObject({ readOnlyHint: readTools.includes(tool.name), openWorldHint: false });
    }
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect(byName.get('update_issue')!.annotations).toMatchObject({ destructiveHint: true, idempotentHint: true });
    expect(byName.get('create_issue')!.annotations).toMatchObject({ destructiveHint: false, idempotentHint: false });
    expect(byName.get('claim_next_issue')!.annotations).toMatchObject({ destructiveHint: false, idempotentHint: false });
  });

  it('describes each field as the REST reference does, from the same schemas', async () => {
    const { tools } = await client.listTools();
    const create = tools.find((tool) => tool.name === 'create_issue')!.inputSchema as any;
    expect(create.required).toEqual(['title', 'type']);
    expect(create.properties.type.enum).toEqual(['signal', 'hypothesis', 'plan', 'task', 'monitor']);
    expect(create.properties.priority).toMatchObject({ type: 'integer', minimum: 0, maximum: 4, description: expect.stringContaining('urgent') });
    const list = tools.find((tool) => tool.name === 'list_issues')!.inputSchema as any;
    expect(list.properties.limit).toMatchObject({ type: 'integer', minimum: 1, maximum: 200, default: 50 });
    expect(list.properties.q.description).toMatch(/prefix/);
  });

  it('creates, updates, relates, comments on, lists and reads issues', async () => {
    const parent = (await ok(client, 'create_issue', { title: 'Speed up checkout', type: 'plan', status: 'todo' })).data;
    const child = (await ok(client, 'create_issue', { title: 'Cache the cart', type: 'task', parentId: parent.number })).data;
    const blocker = (await ok(client, 'create_issue', { title: 'Upgrade the cache', type: 'task' })).data;
    await ok(client, 'update_issue', { issue: child.id, status: 'todo', priority: 2 });
    await ok(client, 'relate_issues', { issue: child.number, type: 'blocked_by', relatedIssueId: blocker.number });
    await ok(client, 'add_comment', { issue: child.number, body: 'Measured: 40 ms per hit', authorName: 'claude', authorType: 'agent' });

    const read = (await ok(client, 'get_issue', { issue: child.number })).data;
    expect(read).toMatchObject({ title: 'Cache the cart', status: 'todo', priority: 2, parent: { id: parent.id } });
    expect(read.relations).toEqual([expect.objectContaining({ type: 'blocked_by', issue: expect.objectContaining({ id: blocker.id }) })]);
    expect(read.comments).toEqual([expect.objectContaining({ body: 'Measured: 40 ms per hit', replies: [] })]);
    expect(read.commentsTotal).toBe(1);

    const listed = await ok(client, 'list_issues', { status: 'todo', q: 'cach', limit: 10 });
    expect(listed).toMatchObject({ total: 1, limit: 10, offset: 0 });
    expect(listed.data[0].id).toBe(child.id);
    const rest = await t.api.get(`/api/v1/issues/${child.number}`);
    expect(rest.body.data.relations).toHaveLength(1);
  });

  it('ingests a signal as a triage issue, once per deliveryId', async () => {
    const args = { source: 'manual', type: 'error-spike', severity: 'high', payload: { message: 'Checkout 4% errors' }, deliveryId: 'mcp-1' };
    const first = (await ok(client, 'ingest_signal', args)).data;
    expect(first.issue).toMatchObject({ type: 'signal', status: 'triage', title: 'Checkout 4% errors' });
    const repeat = (await ok(client, 'ingest_signal', args)).data;
    expect(repeat).toMatchObject({ duplicate: true, signal: { id: first.signal.id } });
  });

  it('shows the queue and the loop status without changing anything', async () => {
    const before = await rowCounts(t);
    const queue = await ok(client, 'get_queue', { limit: 5 });
    expect(queue.limit).toBe(5);
    expect(queue.data[0]).toMatchObject({ score: expect.any(Number), breakdown: expect.any(Object) });
    const status = (await ok(client, 'loop_status')).data;
    expect(status).toEqual((await t.api.get('/api/v1/dashboard/stats')).body.data);
    expect(await rowCounts(t)).toEqual(before);
  });

  it('answers bad arguments with a validation tool error naming each field, and writes nothing', async () => {
    const before = await rowCounts(t);
    const missing = await call(client, 'create_issue', { type: 'task', priority: 9 });
    expect(missing.isError).toBe(true);
    expect(missing.structuredContent).toMatchObject({
      code: 'validation_failed',
      details: expect.arrayContaining([{ field: 'title', message: 'required' }, expect.objectContaining({ field: 'priority' })]),
    });
    expect(JSON.parse((missing.content[0] as { text: string }).text)).toEqual(missing.structuredContent);

    const unknown = await call(client, 'add_comment', { issue: 1, body: 'x', authorName: 'a', authorType: 'agent', colour: 'red' });
    expect(unknown.structuredContent).toMatchObject({ code: 'validation_failed', details: [{ field: 'colour', message: 'unknown or read-only field' }] });

    const badFilter = await call(client, 'list_issues', { status: 'finished' });
    expect(badFilter.structuredContent).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ field: 'status' })] });
    expect(await rowCounts(t)).toEqual(before);
  });

  it('answers domain errors as tool errors with the envelope code, not protocol errors', async () => {
    const missing = await call(client, 'update_issue', { issue: 987_654, status: 'done' });
    expect(missing).toMatchObject({ isError: true, structuredContent: { code: 'not_found', error: expect.stringContaining('987654') } });
    const reference = await call(client, 'create_issue', { title: 'Orphan', type: 'task', parentId: 987_654 });
    expect(reference.structuredContent).toMatchObject({ code: 'invalid_reference', details: [expect.objectContaining({ field: 'parentId' })] });
    await expect(client.callTool({ name: 'delete_everything', arguments: {} })).rejects.toThrow(/Unknown tool/);
  });

  it('never puts a key in a result', async () => {
    const results = await Promise.all([
      call(client, 'loop_status'),
      call(client, 'list_issues', { limit: 200 }),
      call(client, 'claim_next_issue'),
    ]);
    for (const result of results) expect(JSON.stringify(result)).not.toContain(TEST_ROOT_KEY);
  });
});
