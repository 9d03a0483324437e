import { Column, type DriverValueDecoder, is, noopDecoder, type Query, type SQL } from 'drizzle-orm';
import type { PgColumn, PgSelectBuilder } from 'drizzle-orm/pg-core';
import type { DB } from './database';

type FlatFields = Record<string, PgColumn | SQL>;
type Decode = ((value: unknown) => unknown) | undefined;

/**
 * A select of flat fields, prepared (as `.prepare(name)` would) but with its rows built here from the
 * driver's row arrays — the hook Drizzle's relational queries use — instead of by Drizzle's generic
 * mapping, which on every row re-checks each field's kind (`is()` walks the prototype chain for an
 * `sql` field, twice) and walks its key path: on the 50-row issue list that mapping was about a
 * quarter of the listing's CPU in the API process. Values still go through their field's own
 * decoder, so the rows are those `.prepare()` returns. `build` gets the select of exactly `fields`,
 * so the row arrays are in their order.
 */
export function prepareFlatSelect<F extends FlatFields, R extends unknown[]>(
  db: DB,
  name: string,
  fields: F,
  build: (select: PgSelectBuilder<F>) => { _: { result: R }; toSQL(): Query },
) {
  const keys = Object.keys(fields);
  const decoders = Object.values(fields).map(decoderOf);
  const rowOf = (values: unknown[]) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const value = values[i];
      const decode = decoders[i];
      row[keys[i]!] = value === null || decode === undefined ? value : decode(value);
    }
    return row;
  };
  const query = build(db.select<F>(fields)).toSQL();
  return db._.session.prepareQuery<{ execute: R; all: unknown; values: unknown }>(query, undefined, name, true, (rows) =>
    rows.map(rowOf) as R,
  );
}

/** The field's decoder, or undefined where it returns the driver's value unchanged (text, enums, plain `sql`). */
function decoderOf(field: PgColumn | SQL): Decode {
  if (is(field, Column)) {
    return field.mapFromDriverValue === Column.prototype.mapFromDriverValue ? undefined : (value) => field.mapFromDriverValue(value);
  }
  // `mapWith` keeps its decoder on the SQL object; Drizzle reads it there too.
  const { decoder } = field as unknown as { decoder: DriverValueDecoder<unknown, unknown> };
  return decoder === noopDecoder ? undefined : (value) => decoder.mapFromDriverValue(value);
}
