import {
  type BuildRelationalQueryResult,
  mapRelationalRow,
  type SQL,
  sql,
  type TableRelationalConfig,
  type TablesRelationalConfig,
} from 'drizzle-orm';
import { PgDialect, type PreparedQueryConfig } from 'drizzle-orm/pg-core';
import type { DB } from './database';

/**
 * Drizzle prepared queries, built once per database and reused. Drizzle writes a query's SQL text
 * anew every time a builder runs — for a relational query (the issue detail, the dispatch context)
 * more CPU than the rest of the request — and `.prepare(name)`, which writes it once, leaves keeping
 * the prepared query to the caller: this is that keeping. Values travel as `sql.placeholder`s, so
 * one prepared query serves every request of its shape; on node-postgres its name also makes it a
 * server-side prepared statement, parsed and planned once per connection.
 *
 * Keyed by the database object, so each app (each test's database) has its own, and a transaction
 * (a short-lived object) simply builds its own copies. `shape` must name everything that changes
 * the SQL text; it doubles as the statement name.
 */
const preparedByDatabase = new WeakMap<DB, Map<string, unknown>>();

/** Shapes kept per database; beyond it queries are built per call, as unprepared ones are. */
const maxShapes = 200;

export function prepared<T>(db: DB, shape: string, build: (name: string) => T): T {
  let shapes = preparedByDatabase.get(db);
  if (!shapes) {
    shapes = new Map();
    preparedByDatabase.set(db, shapes);
  }
  const known = shapes.get(shape) as T | undefined;
  if (known !== undefined) return known;
  const query = build(shape);
  if (shapes.size < maxShapes) shapes.set(shape, query);
  return query;
}

/** A raw SQL statement prepared with `preparedSql`, run with its placeholders' values. */
export interface PreparedSql<T> {
  rows(values: Record<string, unknown>): Promise<T[]>;
}

const dialect = new PgDialect();

/**
 * `prepared` for a hand-written statement (`sql\`…\`` with `sql.placeholder`s), such as the claim's
 * data-modifying CTEs, which no query builder expresses: its text is built once per database and
 * shape, and runs as the query builders' prepared queries do (on node-postgres, a named statement).
 */
export function preparedSql<T extends Record<string, unknown>>(db: DB, shape: string, build: () => SQL): PreparedSql<T> {
  return prepared(db, shape, (name) => {
    const query = db._.session.prepareQuery(dialect.sqlToQuery(build()), undefined, name, false);
    return {
      // Without selected fields every driver's prepared query answers with the driver's own result.
      rows: async (values: Record<string, unknown>) => ((await query.execute(values)) as { rows: T[] }).rows,
    };
  });
}

/** What `preparedManyWith` reads of a relational query: Drizzle keeps these private. */
interface RelationalQueryInternals {
  schema: TablesRelationalConfig;
  tableConfig: TableRelationalConfig;
  _getQuery(): BuildRelationalQueryResult;
}

/** A relational query prepared by `preparedManyWith`, run with its placeholders' values. */
export interface PreparedMany<T> {
  execute(values: Record<string, unknown>): Promise<T[]>;
}

/**
 * `prepared` for a relational `findMany` with `prefix` — a WITH clause of data-modifying statements —
 * in front of its SQL, so a write travels in the same statement as the read (a batch of claims
 * records its template choices while loading the prompts' contexts). The rows are mapped the way
 * Drizzle maps the query's own. Like `preparedSql`, it relies on Drizzle internals (the query's built
 * SQL and selection, `mapRelationalRow`); the claim's tests pin it on every driver.
 */
export function preparedManyWith<T>(
  db: DB,
  shape: string,
  /** The query, e.g. `db.query.issues.findMany({ … })`: built once, never run as it is. */
  build: () => PromiseLike<T[]>,
  prefix: SQL,
): PreparedMany<T> {
  return prepared(db, shape, (name) => {
    const query = build() as unknown as RelationalQueryInternals;
    const built = query._getQuery();
    return db._.session.prepareQuery<PreparedQueryConfig & { execute: T[] }>(
      dialect.sqlToQuery(sql`${prefix} ${built.sql}`),
      undefined,
      name,
      true,
      (rows, mapColumnValue) => rows.map((row) => mapRelationalRow(query.schema, query.tableConfig, row, built.selection, mapColumnValue) as T),
    );
  });
}
