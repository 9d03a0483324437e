import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Turns every parameterised query a node-postgres connection sends into a named (server-side
 * prepared) statement, named after its text. PostgreSQL then parses and plans each distinct query
 * once per connection instead of on every request. The upstream limitation it works around:
 * node-postgres sends a query config without a `name` as the unnamed statement, which PostgreSQL
 * parses and plans again on every call, and Drizzle (0.45) passes a name only for queries built
 * with `.prepare(name)` — not for query-builder calls run directly nor for `db.execute`. For large
 * statements (the soft delete, the dispatch queue) the parse and plan cost more than the
 * execution (measured against its removal: docs/benchmarks.md).
 *
 * The number of distinct names is capped per pool, so a query whose text keeps changing (an `in`
 * list of varying length) cannot grow the server's memory without bound; past the cap, new texts
 * run unnamed.
 */
export class StatementNames {
  readonly #names = new Map<string, string>();

  constructor(private readonly capacity = 500) {}

  /** The name for this text, or undefined once the cap is reached. */
  nameFor(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined || this.#names.size >= this.capacity) return known;
    const name = `loop_${createHash('sha1').update(text).digest('base64url')}`;
    this.#names.set(text, name);
    return name;
  }
}

type QueryConfigLike = { text?: unknown; name?: unknown; values?: unknown };

function isPlainQueryConfig(value: unknown): value is QueryConfigLike & { text: string } {
  // A Submittable (cursor, stream) has its own `submit`; it is left alone.
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as QueryConfigLike).text === 'string' &&
    (value as QueryConfigLike).name === undefined &&
    typeof (value as { submit?: unknown }).submit !== 'function'
  );
}

/**
 * Wraps `client.query` so parameterised calls given as a query config (what Drizzle sends) carry a
 * statement name. Queries without parameters (`begin`, `commit`, migrations' multi-statement
 * scripts) keep the simple protocol: a named statement must be a single statement.
 */
export function nameStatementsOf(client: pg.ClientBase, names: StatementNames): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const named = (config: unknown, values?: unknown, callback?: unknown): unknown => {
    const parameters: unknown = isPlainQueryConfig(config) ? (values ?? config.values) : undefined;
    if (isPlainQueryConfig(config) && Array.isArray(parameters) && parameters.length > 0) {
      const name = names.nameFor(config.text);
      if (name !== undefined) return query({ ...config, name }, values, callback);
    }
    return query(config, values, callback);
  };
  (client as { query: unknown }).query = named;
}
