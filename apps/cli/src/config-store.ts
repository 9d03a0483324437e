import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import envPaths from 'env-paths';

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
  const url = env.LOOP_URL || stored.url;
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
