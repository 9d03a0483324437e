import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_KEY, startServer } from './harness';

const bin = fileURLToPath(new URL('../bin/loop.js', import.meta.url));

describe('loop mcp (stdio bridge to /mcp)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let configDir: string;
  let stdio: Client;
  let http: Client;
  const env = () => ({ PATH: process.env.PATH ?? '', LOOP_CONFIG_DIR: configDir, LOOP_URL: server.url, LOOP_API_KEY: ROOT_KEY });

  beforeAll(async () => {
    server = await startServer();
    configDir = mkdtempSync(join(tmpdir(), 'loop-mcp-'));
    stdio = new Client({ name: 'stdio-agent', version: '1.0.0' });
    await stdio.connect(new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp'], env: env(), stderr: 'pipe' }));
    http = new Client({ name: 'http-agent', version: '1.0.0' });
    const headers = { Authorization: `Bearer ${ROOT_KEY}` };
    await http.connect(new StreamableHTTPClientTransport(new URL('/mcp', server.url), { requestInit: { headers } }));
  });
  afterAll(async () => {
    await stdio.close();
    await http.close();
    await server.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('serves exactly the tools of the deployment, with their schemas and annotations', async () => {
    const local = await stdio.listTools();
    const remote = await http.listTools();
    expect(local.tools).toEqual(remote.tools);
    expect(local.tools.map((tool) => tool.name)).toContain('claim_next_issue');
    expect(stdio.getServerVersion()?.name).toBe('loop');
    expect(stdio.getInstructions()).toContain('claim_next_issue');
  });

  it('forwards calls and their tool errors unchanged', async () => {
    const created: any = await stdio.callTool({ name: 'create_issue', arguments: { title: 'From stdio', type: 'task' } });
    expect(created.isError).toBeFalsy();
    const read: any = await http.callTool({ name: 'get_issue', arguments: { issue: created.structuredContent.data.number } });
    expect(read.structuredContent.data.title).toBe('From stdio');

    const refused: any = await stdio.callTool({ name: 'get_issue', arguments: { issue: 999_999 } });
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent).toMatchObject({ code: 'not_found' });
  });

  it('works the whole loop: claim, heartbeat, report and review through stdio alone', async () => {
    const call = async (name: string, args: Record<string, unknown>) => {
      const result: any = await stdio.callTool({ name, arguments: args });
      if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.structuredContent)}`);
      return result.structuredContent;
    };
    const signal = (await call('ingest_signal', { source: 'manual', type: 'outage', severity: 'critical', title: 'Login is down', payload: {} })).data;
    const claim = await call('claim_next_issue', { idempotencyKey: 'stdio-1' });
    expect(claim).toMatchObject({ claimed: true, issue: { id: signal.issue.id } });
    expect((await call('heartbeat', { dispatchId: claim.dispatchId })).data.dispatchId).toBe(claim.dispatchId);
    await call('report_outcome', { dispatchId: claim.dispatchId, status: 'done', summary: 'Restarted the auth pods' });
    await call('review_prompt', {
      versionId: claim.meta.versionId, issueId: signal.issue.id, clarity: 4, completeness: 4, relevance: 5, authorType: 'agent',
    });
    const rest = (path: string) => fetch(server.url + path, { headers: { Authorization: `Bearer ${ROOT_KEY}` } }).then((r) => r.json());
    expect((await rest(`/api/v1/dispatches/${claim.dispatchId}`)).data).toMatchObject({ status: 'done', summary: 'Restarted the auth pods' });
    expect((await rest(`/api/v1/templates/${claim.meta.templateId}/reviews`)).count).toBe(1);
  });

  it('ends with exit code 0 when the agent closes its input', async () => {
    const child = spawn(process.execPath, [bin, 'mcp'], { env: env() });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const hello = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
    child.stdin.end(`${JSON.stringify(hello)}\n`);
    expect(await exited).toBe(0);
    expect(JSON.parse(stdout.trim())).toMatchObject({ id: 1, result: { serverInfo: { name: 'loop' } } });
  });

  it('exits 4 with one line on stderr when the key is refused, writing nothing to stdout', async () => {
    const child = spawn(process.execPath, [bin, 'mcp'], { env: { ...env(), LOOP_API_KEY: 'loop_wrong-key-000000000000' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(4);
    expect(stderr).toMatch(/^Unauthorized: Invalid or revoked API key/);
    expect(stdout).toBe('');
  });
});
