import type { IncomingMessage, ServerResponse } from 'node:http';
import pg from 'pg';
import type { AllowedTargets } from './targets';

/** The path the driver posts to (its default endpoint is `https://api.<host>/sql`). */
export const sqlPath = '/sql';

interface QueryData {
  query: string;
  params: unknown[];
}

/** A JSON body for the driver plus its HTTP status (400 carries Postgres' error fields). */
interface Reply {
  status: number;
  body: unknown;
}

/** Postgres error fields the driver copies onto its `NeonDbError` (besides `message`). */
const errorFields = [
  'severity',
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;

const isolationLevels: Record<string, string> = {
  ReadUncommitted: 'READ UNCOMMITTED',
  ReadCommitted: 'READ COMMITTED',
  RepeatableRead: 'REPEATABLE READ',
  Serializable: 'SERIALIZABLE',
};

/** Values leave as Postgres wrote them; the driver parses them itself by `dataTypeID`. */
const rawText = { getTypeParser: () => (value: string) => value };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Neon's SQL-over-HTTP endpoint (what `neon()` and drizzle-orm/neon-http speak), locally. One POST
 * runs one statement, or a batch of statements in one transaction that is rolled back if any fails.
 * Connections to the server are pooled per connection string, as Neon's proxy caches them.
 */
export class SqlOverHttp {
  private readonly pools = new Map<string, pg.Pool>();
  /** Requests answered so far (for tests). */
  requests = 0;
  /** With `recordStatements`, the text of every query run (for tests that watch which path ran what). */
  readonly statements: string[] = [];

  constructor(
    private readonly targets: AllowedTargets,
    private readonly options: { recordStatements?: boolean } = {},
  ) {}

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.requests += 1;
    let reply: Reply;
    try {
      reply = await this.answer(request);
    } catch (error) {
      reply =
        error instanceof HttpError
          ? { status: error.status, body: { message: error.message } }
          : { status: 500, body: { message: `neon-local: ${String(error)}` } };
    }
    const payload = JSON.stringify(reply.body);
    response.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
    response.end(payload);
  }

  private async answer(request: IncomingMessage): Promise<Reply> {
    const url = new URL(request.url ?? '/', 'http://neon-local');
    if (url.pathname !== sqlPath) throw new HttpError(404, `No endpoint at ${url.pathname}`);
    if (request.method !== 'POST') throw new HttpError(405, 'Use POST');

    const header = (name: string) => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    };
    const connectionString = header('Neon-Connection-String');
    if (!connectionString) throw new HttpError(400, 'Missing Neon-Connection-String header');
    // Neon can also answer with JSON-typed values; the driver always asks for raw text, and so do we.
    if (header('Neon-Raw-Text-Output') !== 'true') throw new HttpError(400, 'Only Neon-Raw-Text-Output: true is supported');
    const arrayMode = header('Neon-Array-Mode') === 'true';

    this.checkTarget(connectionString);
    const body = parseBody(await readBody(request));

    if ('queries' in body) {
      const begin = beginStatement(
        header('Neon-Batch-Isolation-Level'),
        header('Neon-Batch-Read-Only'),
        header('Neon-Batch-Deferrable'),
      );
      return this.runBatch(connectionString, begin, body.queries, arrayMode);
    }
    return this.runOne(connectionString, body, arrayMode);
  }

  private checkTarget(connectionString: string): void {
    let url: URL;
    try {
      url = new URL(connectionString);
    } catch {
      throw new HttpError(400, 'Neon-Connection-String is not a valid URL');
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      throw new HttpError(400, 'Neon-Connection-String must be a postgres:// URL');
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = url.port ? Number(url.port) : 5432;
    if (!this.targets.allows(host, port)) throw new HttpError(403, `Target ${host}:${port} is not served here`);
  }

  private pool(connectionString: string): pg.Pool {
    let pool = this.pools.get(connectionString);
    if (!pool) {
      pool = new pg.Pool({ connectionString, max: 20, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5_000 });
      // An idle connection killed by the server (restart, terminate, DROP DATABASE) must not crash us.
      pool.on('error', () => {});
      this.pools.set(connectionString, pool);
    }
    return pool;
  }

  private async connect(connectionString: string): Promise<pg.PoolClient> {
    try {
      return await this.pool(connectionString).connect();
    } catch (error) {
      throw new HttpError(503, `Could not connect to the database: ${messageOf(error)}`);
    }
  }

  private async runOne(connectionString: string, query: QueryData, arrayMode: boolean): Promise<Reply> {
    const client = await this.connect(connectionString);
    try {
      this.record(query);
      const result = await execute(client, query, arrayMode);
      client.release();
      return { status: 200, body: result };
    } catch (error) {
      return failure(client, error);
    }
  }

  private async runBatch(connectionString: string, begin: string, queries: QueryData[], arrayMode: boolean): Promise<Reply> {
    const client = await this.connect(connectionString);
    let open = false;
    try {
      await client.query(begin);
      open = true;
      const results = [];
      for (const query of queries) {
        this.record(query);
        results.push(await execute(client, query, arrayMode));
      }
      await client.query('COMMIT');
      open = false;
      client.release();
      return { status: 200, body: { results } };
    } catch (error) {
      if (open) await client.query('ROLLBACK').catch(() => {});
      return failure(client, error);
    }
  }

  private record(query: QueryData): void {
    if (this.options.recordStatements) this.statements.push(query.query);
  }

  /** Ends every pooled connection. */
  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.end().catch(() => {})));
  }
}

async function execute(client: pg.PoolClient, { query, params }: QueryData, arrayMode: boolean) {
  // The extended protocol, like Neon's: one statement per query, a second one is a syntax error.
  // (`queryMode` is a pg 8.12+ option its type definitions do not list yet.)
  const config: pg.QueryArrayConfig & { queryMode: 'extended' } = {
    text: query,
    values: params,
    rowMode: 'array',
    types: rawText,
    queryMode: 'extended',
  };
  const result = await client.query(config);
  const fields = result.fields.map(({ name, dataTypeID, tableID, columnID, dataTypeSize, dataTypeModifier, format }) => ({
    name,
    dataTypeID,
    tableID,
    columnID,
    dataTypeSize,
    dataTypeModifier,
    format,
  }));
  const rows = arrayMode
    ? result.rows
    : result.rows.map((row) => Object.fromEntries(fields.map((field, index) => [field.name, row[index]])));
  return { command: result.command, rowCount: result.rowCount, rowAsArray: arrayMode, fields, rows };
}

/**
 * A Postgres error answers 400 with its fields (the driver rebuilds a `NeonDbError` from them); a
 * lost connection (FATAL, or no Postgres error at all) answers 503 and the connection is discarded.
 */
function failure(client: pg.PoolClient, error: unknown): Reply {
  const postgres = error instanceof pg.DatabaseError ? error : undefined;
  const connectionLost = !postgres || postgres.severity === 'FATAL' || postgres.severity === 'PANIC';
  client.release(connectionLost ? true : undefined);
  if (connectionLost) {
    return { status: 503, body: { message: `Connection to the database lost: ${messageOf(error)}`, code: postgres?.code } };
  }
  const body: Record<string, unknown> = { message: postgres.message };
  for (const field of errorFields) if (postgres[field] !== undefined) body[field] = postgres[field];
  return { status: 400, body };
}

function beginStatement(isolation: string | undefined, readOnly: string | undefined, deferrable: string | undefined): string {
  const parts = ['BEGIN'];
  if (isolation !== undefined) {
    const level = isolationLevels[isolation];
    if (!level) throw new HttpError(400, `Unknown Neon-Batch-Isolation-Level: ${isolation}`);
    parts.push(`ISOLATION LEVEL ${level}`);
  }
  if (readOnly !== undefined) parts.push(booleanHeader('Neon-Batch-Read-Only', readOnly) ? 'READ ONLY' : 'READ WRITE');
  if (deferrable !== undefined) parts.push(booleanHeader('Neon-Batch-Deferrable', deferrable) ? 'DEFERRABLE' : 'NOT DEFERRABLE');
  return parts.join(' ');
}

function booleanHeader(name: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new HttpError(400, `${name} must be true or false`);
}

function parseBody(text: string): QueryData | { queries: QueryData[] } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The request body is not JSON');
  }
  if (isRecord(body) && Array.isArray(body.queries)) return { queries: body.queries.map(queryData) };
  return queryData(body);
}

function queryData(value: unknown): QueryData {
  if (!isRecord(value) || typeof value.query !== 'string') throw new HttpError(400, 'Expected {query, params} or {queries: [...]}');
  const params = value.params ?? [];
  if (!Array.isArray(params)) throw new HttpError(400, 'params must be an array');
  return { query: value.query, params };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
