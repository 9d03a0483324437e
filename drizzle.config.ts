import { defineConfig } from 'drizzle-kit';

// drizzle-kit reads the schema and writes migrations; it never needs a live database to generate.
// `db:studio` uses DATABASE_URL when set (studio needs a server; it does not open PGLite folders).
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/api/src/db/schema/index.ts',
  out: './apps/api/drizzle',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost:5432/loop' },
  strict: true,
  verbose: true,
});
