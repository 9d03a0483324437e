import { createApp } from '../../src/app';
import type { Database } from '../../src/db/database';
import { type Env, parseEnv, type RawEnv } from '../../src/env';
import type { Clock } from '../../src/http/app-env';
import { createTestDatabase, QueryCounter } from './database';

export const TEST_ROOT_KEY = 'loop_test-root-key-0123456789';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

type RequestOptions = { headers?: Record<string, string>; key?: string | null };

/** Drives the whole app through `app.request()`, authenticated with the root key unless told otherwise. */
export function apiClient(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }) {
  async function send<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? TEST_ROOT_KEY : options.key;
    if (key !== null) headers.Authorization = `Bearer ${key}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await app.request(path, { method, headers, body: payload });
    const text = await response.text();
    const parsed = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
  return {
    get: <T = any>(path: string, options?: RequestOptions) => send<T>('GET', path, undefined, options),
    post: <T = any>(path: string, body?: unknown, options?: RequestOptions) => send<T>('POST', path, body, options),
    patch: <T = any>(path: string, body?: unknown, options?: RequestOptions) => send<T>('PATCH', path, body, options),
    put: <T = any>(path: string, body?: unknown, options?: RequestOptions) => send<T>('PUT', path, body, options),
    delete: <T = any>(path: string, options?: RequestOptions) => send<T>('DELETE', path, undefined, options),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** A controllable clock for leases and ages: tests move time instead of sleeping. */
export class TestClock implements Clock {
  constructor(private current = new Date('2026-11-22T12:00:00.000Z')) {}
  now() {
    return new Date(this.current);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(date: Date) {
    this.current = new Date(date);
  }
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  api: ApiClient;
  db: Database;
  env: Env;
  queries: QueryCounter;
  close(): Promise<void>;
}

/** The whole app, exactly as production composes it, on a fresh database of its own. */
export async function createTestApp(options: { env?: RawEnv; clock?: Clock; dashboardDir?: string } = {}): Promise<TestApp> {
  const queries = new QueryCounter();
  const handle = await createTestDatabase(queries);
  const env = parseEnv({ LOOP_API_KEY: TEST_ROOT_KEY, LOOP_URL: 'http://loop.test', ...options.env });
  const app = createApp({
    db: handle.db,
    env,
    dashboardDir: options.dashboardDir,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { app, api: apiClient(app), db: handle.db, env, queries, close: () => handle.close() };
}
