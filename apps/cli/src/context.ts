import { createLoopClient, type LoopClient } from '@loop/client';
import type { Command } from 'commander';
import { type ResolvedConfig, resolveConfig } from './config-store';
import { httpFetch } from './http-fetch';
import { type Io, type Paint, painter } from './output';

export interface Context {
  io: Io;
  config: ResolvedConfig;
  client: LoopClient;
  json: boolean;
  paint: Paint;
  /** Prints the raw API data with --json, else the human rendering. */
  print(data: unknown, human: () => string): void;
}

interface GlobalOptions {
  json?: boolean;
  color?: boolean;
}

/** Builds what an action needs from the global options, the config file and the environment. */
export function contextFor(command: Command, io: Io): Context {
  const options = command.optsWithGlobals<GlobalOptions>();
  const config = resolveConfig(io.env);
  const json = Boolean(options.json);
  return {
    io,
    config,
    client: createLoopClient({ baseUrl: config.url, apiKey: config.token, fetch: httpFetch }),
    json,
    paint: painter(io, options.color !== false),
    print(data, human) {
      io.stdout(json ? JSON.stringify(data, null, 2) : human());
    },
  };
}
