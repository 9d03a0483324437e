import { Column, type DriverValueDecoder, is, noopDecoder, type Query, SQL } from 'drizzle-orm';
import { type PgColumn, PgDialect, type PgSelectBuilder } from 'drizzle-orm/pg-core';
import type { DB } from './database';

type Field = PgColumn | SQL;
type Fields = Record<string, Field | Record<string, Field>>;
type Decode = ((value: unknown) => unknown) | undefined;

interface Leaf {
  key: string;
  decode: Decode;
}
type Entry = Leaf | { key: string; leaves: Leaf[] };

/**
 * A select, prepared (as `.prepare(name)` would), whose rows are built here from the driver's row
 * arrays — the hook Drizzle's relational queries use. Drizzle 0.45's own mapping of a select's rows
 * (`mapResultRow`) re-checks every field's kind on every row (`is()` walks the prototype chain, twice
 * for an `sql` field) and walks its key path, which made it the largest part of the API's CPU on
 * the issue list (docs/benchmarks.md). Values still go through their field's own decoder, and
 * fields may be grouped one level deep as in Drizzle's selects, so the rows are those
 * `.prepare()` returns (but for Drizzle's turning a group into null when all of its left-joined
 * columns are null). `build` gets the select of exactly `fields`, so the row arrays are in their
 * order.
 */
export function prepareFlatSelect<F extends Fields, R extends unknown[]>(
  db: DB,
  name: string,
  fields: F,
  build: (select: PgSelectBuilder<F>) => { _: { result: R }; toSQL(): Query; getSQL(): SQL },
  options: { inline?: boolean } = {},
) {
  const leafOf = (key: string, field: Field): Leaf => ({ key, decode: decoderOf(field) });
  const entries: Entry[] = Object.entries(fields).map(([key, field]) =>
    isField(field) ? leafOf(key, field) : { key, leaves: Object.entries(field).map(([inner, value]) => leafOf(inner, value)) },
  );
  const valueOf = (leaf: Leaf, value: unknown) => (value === null || leaf.decode === undefined ? value : leaf.decode(value));
  const rowOf = (values: unknown[]) => {
    const row: Record<string, unknown> = {};
    let i = 0;
    for (const entry of entries) {
      if ('leaves' in entry) {
        const group: Record<string, unknown> = {};
        for (const leaf of entry.leaves) group[leaf.key] = valueOf(leaf, values[i++]);
        row[entry.key] = group;
      } else {
        row[entry.key] = valueOf(entry, values[i++]);
      }
    }
    return row;
  };
  const built = build(db.select<F>(fields));
  // `inline` writes the values given as plain values (not placeholders: a LIMIT, an OFFSET) into the
  // text, so the planner sees them.
  const query = options.inline ? dialect.sqlToQuery(built.getSQL().inlineParams()) : built.toSQL();
  return db._.session.prepareQuery<{ execute: R; all: unknown; values: unknown }>(query, undefined, name, true, (rows) =>
    rows.map(rowOf) as R,
  );
}

const dialect = new PgDialect();

const isField = (value: Field | Record<string, Field>): value is Field => is(value, Column) || is(value, SQL);

/** The field's decoder, or undefined where it returns the driver's value unchanged (text, enums, plain `sql`). */
function decoderOf(field: Field): Decode {
  if (is(field, Column)) {
    return field.mapFromDriverValue === Column.prototype.mapFromDriverValue ? undefined : (value) => field.mapFromDriverValue(value);
  }
  // `mapWith` keeps its decoder on the SQL object; Drizzle reads it there too.
  const { decoder } = field as unknown as { decoder: DriverValueDecoder<unknown, unknown> };
  return decoder === noopDecoder ? undefined : (value) => decoder.mapFromDriverValue(value);
}
