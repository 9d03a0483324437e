import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { UsageError } from './exit-codes';

export interface StoredConfig {
  url?: string;
  token?: string;
}

export interface ResolvedConfig {
  url: string;
  token: string | undefined;
  source: { url: 'env' | 'file' | 'default'; token: 'env' | 'file' | 'none' };
}

export const defaultUrl = 'http://localhost:4242';

/** The keys `loop config` knows. */
export const configKeys = ['url', 'token'] as const;
export type ConfigKey = (typeof configKeys)[number];

/**
 * The server's URL, checked: absolute http(s), no trailing slash. `where` names the source in the
 * message (`LOOP_URL`, `url`), so `LOOP_URL=localhost:4242` says what is wrong instead of failing later.
 */
export function checkUrl(value: string, where: string): string {
  const hint = /^[\w.-]+(:\d+)?(\/.*)?$/.test(value) ? ` (did you mean http://${value}?)` : '';
  if (!URL.canParse(value)) throw new UsageError(`${where} is not a URL: "${value}"${hint}`);
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${where} must start with http:// or https://, got "${value}"${hint}`);
  }
  if (url.search || url.hash) throw new UsageError(`${where} must be the server's base URL, without a query or fragment: "${value}"`);
  return value.replace(/\/+$/, '');
}

/** The config folder: `LOOP_CONFIG_DIR`, else the platform's user config directory (e.g. ~/.config/loop). */
export function configPath(env: NodeJS.ProcessEnv): string {
  const dir = env.LOOP_CONFIG_DIR ?? envPaths('loop', { suffix: '' }).config;
  return join(dir, 'config.json');
}

export function readConfig(env: NodeJS.ProcessEnv): StoredConfig {
  const path = configPath(env);
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StoredConfig;
  } catch {
    return {};
  }
}

/** The file holds a secret, so it is readable by its owner only. */
export function writeConfig(env: NodeJS.ProcessEnv, config: StoredConfig): string {
  const path = configPath(env);
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

/** The environment (LOOP_URL, LOOP_API_KEY) wins over the file, which wins over the default. */
export function resolveConfig(env: NodeJS.ProcessEnv): ResolvedConfig {
  const stored = readConfig(env);
  const url = env.LOOP_URL ? checkUrl(env.LOOP_URL, 'LOOP_URL') : stored.url ? checkUrl(stored.url, `url in ${configPath(env)}`) : undefined;
  const token = env.LOOP_API_KEY || stored.token;
  return {
    url: url ?? defaultUrl,
    token,
    source: {
      url: env.LOOP_URL ? 'env' : stored.url ? 'file' : 'default',
      token: env.LOOP_API_KEY ? 'env' : stored.token ? 'file' : 'none',
    },
  };
}

export const maskToken = (token: string) =>
  token.length <= 10 ? '•'.repeat(token.length) : `${token.slice(0, 8)}${'•'.repeat(8)}${token.slice(-4)}`;
