import { neon, Pool } from '@neondatabase/serverless';
import { asc, sql } from 'drizzle-orm';
import { drizzle as drizzleHttp } from 'drizzle-orm/neon-http';
import { drizzle as drizzleWs } from 'drizzle-orm/neon-serverless';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  integer,
  interval,
  json,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  real,
  smallint,
  text,
  time,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScratch, type Scratch } from './support';

const mood = pgEnum('mood', ['happy', 'sad', "it's complicated"]);

const samples = pgTable('samples', {
  id: integer('id').primaryKey(),
  small: smallint('small'),
  int: integer('int'),
  big: bigint('big', { mode: 'number' }),
  huge: bigint('huge', { mode: 'bigint' }),
  exact: numeric('exact'),
  single: real('single'),
  double: doublePrecision('double'),
  flag: boolean('flag'),
  label: text('label'),
  short: varchar('short', { length: 20 }),
  doc: jsonb('doc'),
  plain: json('plain'),
  tags: text('tags').array(),
  scores: integer('scores').array(),
  mood: mood('mood'),
  moods: mood('moods').array(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }),
  atText: timestamp('at_text', { withTimezone: true, mode: 'string' }),
  local: timestamp('local', { mode: 'date' }),
  day: date('day', { mode: 'date' }),
  dayText: date('day_text', { mode: 'string' }),
  key: uuid('key'),
  span: interval('span'),
  clock: time('clock'),
});

const ddl = `
  CREATE TYPE mood AS ENUM ('happy', 'sad', 'it''s complicated');
  CREATE TABLE samples (
    id integer PRIMARY KEY, small int2, int int4, big int8, huge int8, exact numeric, single float4,
    double float8, flag bool, label text, short varchar(20), doc jsonb, plain json, tags text[],
    scores int4[], mood mood, moods mood[], at timestamptz, at_text timestamptz, local timestamp,
    day date, day_text date, key uuid, span interval, clock time
  );`;

const full: typeof samples.$inferInsert = {
  id: 1,
  small: -32768,
  int: 2147483647,
  big: Number.MAX_SAFE_INTEGER,
  huge: 9223372036854775807n,
  exact: '12345678901234567890.123456789',
  single: 1.5,
  double: 0.1,
  flag: true,
  label: 'quotes \' " backslash \\ newline \n tab \t unicode é 🚀',
  short: 'short',
  doc: { nested: { list: [1, 'two', null, true], empty: {} }, 'key with space': 'é', number: 1.25 },
  plain: { b: 2, a: [1, 2] },
  tags: ['a', 'b,c', 'd"e', '{x}', '', 'NULL', 'back\\slash'],
  scores: [1, -2, 3],
  mood: "it's complicated",
  moods: ['happy', "it's complicated"],
  at: new Date('2026-11-22T12:34:56.789Z'),
  atText: '2026-01-02 03:04:05.678+00',
  local: new Date('2026-11-22T01:02:03.004Z'),
  day: new Date('2026-02-28T00:00:00.000Z'),
  dayText: '1999-12-31',
  key: '6f1c7a3e-3b7e-4b3a-9a57-2f5d2b9a8c10',
  span: '1 day 02:03:04',
  clock: '12:34:56',
};

describe('values through the Neon drivers', () => {
  let scratch: Scratch;
  beforeAll(async () => {
    scratch = await openScratch();
    await scratch.pgPool.query(ddl);
    const reference = drizzlePg({ client: scratch.pgPool });
    await reference.insert(samples).values([full, { id: 2 }]);
  });
  afterAll(() => scratch.close());

  const readAll = (db: { select: ReturnType<typeof drizzlePg>['select'] }) =>
    db.select().from(samples).orderBy(asc(samples.id));

  it('come back through drizzle neon-http exactly as through node-postgres', async () => {
    const reference = await readAll(drizzlePg({ client: scratch.pgPool }));
    const viaHttp = await readAll(drizzleHttp({ client: neon(scratch.url) }));
    expect(viaHttp).toEqual(reference);
    // The comparison is only worth something if the reference parsed the values into real types.
    const [row, empty] = reference;
    expect(row).toMatchObject({ ...full });
    expect(row!.at).toBeInstanceOf(Date);
    expect(typeof row!.huge).toBe('bigint');
    expect(Object.entries(empty!).filter(([, value]) => value !== null)).toEqual([['id', 2]]);
  });

  it('come back through drizzle on the WebSocket Pool, in and out of a transaction, the same way', async () => {
    const reference = await readAll(drizzlePg({ client: scratch.pgPool }));
    const pool = new Pool({ connectionString: scratch.url, max: 2 });
    try {
      const viaPool = drizzleWs({ client: pool });
      expect(await readAll(viaPool)).toEqual(reference);
      expect(await viaPool.transaction((tx) => readAll(tx))).toEqual(reference);
    } finally {
      await pool.end();
    }
  });

  it('come back from raw SQL with the same row shapes on every path', async () => {
    const query = sql`select * from samples order by id`;
    const reference = await drizzlePg({ client: scratch.pgPool }).execute(query);
    const viaHttp = await drizzleHttp({ client: neon(scratch.url) }).execute(query);
    const pool = new Pool({ connectionString: scratch.url, max: 1 });
    try {
      const viaPool = await drizzleWs({ client: pool }).execute(query);
      expect(viaHttp.rows).toEqual(reference.rows);
      expect(viaPool.rows).toEqual(reference.rows);
      expect(viaHttp.rowCount).toBe(2);
    } finally {
      await pool.end();
    }
  });

  it('survive the global timestamp parser change a neon-http client makes in the Neon package', async () => {
    drizzleHttp({ client: neon(scratch.url) });
    const pool = new Pool({ connectionString: scratch.url, max: 1 });
    try {
      // The trap: drizzle's neon-http driver makes the package's *global* parsers return timestamps as
      // text, so a bare Pool query no longer gets a Date …
      const { rows } = await pool.query<{ at: unknown }>('select at from samples where id = 1');
      expect(typeof rows[0]!.at).toBe('string');
      // … while drizzle, which passes its own parsers on every query, still maps columns to Dates.
      const [row] = await drizzleWs({ client: pool }).select({ at: samples.at, day: samples.day }).from(samples).limit(1);
      expect(row!.at).toEqual(full.at);
      expect(row!.day).toEqual(full.day);
    } finally {
      await pool.end();
    }
  });
});
