import { createApp } from '../app';
import type { Database } from '../db/database';
import { parseEnv } from '../env';
import { buildOpenApiDocument } from './document';

/**
 * A database that refuses every use: the document is built from route definitions alone, so
 * rendering it needs no connection, and an accidental query fails loudly instead of hanging.
 */
const noDatabase = new Proxy({} as Database, {
  get(_target, property) {
    throw new Error(`The OpenAPI document needs no database (tried to use db.${String(property)})`);
  },
});

/**
 * The document exactly as committed in `apps/api/openapi.json`: built from a default-configured app,
 * pretty-printed, with a final newline. The export script writes it and a test compares it.
 */
export function renderOpenApiDocument(): string {
  const app = createApp({ db: noDatabase, env: parseEnv({}) });
  return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
}
