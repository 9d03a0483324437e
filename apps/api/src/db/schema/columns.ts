import { text, timestamp } from 'drizzle-orm/pg-core';
import { newId } from '../ids';

/** Timestamps are timestamptz everywhere and surface as `Date` objects in application code. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** CUID2 primary key, generated in the application (ADR 0005). */
export const id = () =>
  text('id')
    .primaryKey()
    .$defaultFn(() => newId());

export const createdAt = () => timestamptz('created_at').notNull().defaultNow();

export const timestamps = () => ({
  createdAt: createdAt(),
  updatedAt: timestamptz('updated_at')
    .notNull()
    .defaultNow()
    .$onUpdateFn(() => new Date()),
});

/** Soft delete (ADR 0006): a row with `deleted_at` set is invisible to every read. */
export const softDelete = () => ({
  deletedAt: timestamptz('deleted_at'),
});
