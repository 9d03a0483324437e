import { createLoopClient, unwrap } from '@loop/client';
import type { Command } from 'commander';
import { checkUrl, readConfig, resolveConfig, writeConfig } from '../config-store';
import { UsageError } from '../exit-codes';
import { httpFetch } from '../http-fetch';
import type { Io } from '../output';
import { examples } from './help';

/**
 * Stores a key only after the server accepted it, so a typo fails here and not in the next command.
 * The key comes from stdin or a prompt that does not echo: never an argument, which would sit in the
 * shell history and in npm's script banner.
 */
export function registerLogin(program: Command, io: Io) {
  program
    .command('login')
    .description('Check an API key against the server and store it (readable by you only)')
    .option('--with-token', 'read the key from stdin instead of prompting')
    .option('--url <url>', 'the server to log in to (stored too); default: the configured URL')
    .addHelpText(
      'after',
      examples(['loop login', 'echo "$LOOP_KEY" | loop login --with-token', 'loop login --url https://loop.example.com --json']),
    )
    .action(async (options: { withToken?: boolean; url?: string }, command: Command) => {
      const url = options.url ? checkUrl(options.url, '--url') : resolveConfig({ ...io.env, LOOP_API_KEY: '' }).url;
      let key: string;
      if (options.withToken) key = (await io.readStdin()).trim();
      else if (io.promptSecret) key = (await io.promptSecret('API key (loop_…): ')).trim();
      else throw new UsageError('No terminal to ask for the key on: pipe it in with `loop login --with-token`');
      if (!key) throw new UsageError('No key given');

      // Any authenticated read tells a good key from a bad one (401 → exit 4).
      const client = createLoopClient({ baseUrl: url, apiKey: key, fetch: httpFetch });
      await unwrap(client.GET('/api/v1/issues', { params: { query: { limit: 1 } } }));

      const path = writeConfig(io.env, { ...readConfig(io.env), url, token: key });
      if (command.optsWithGlobals<{ json?: boolean }>().json) io.stdout(JSON.stringify({ url, file: path }));
      else io.stdout(`Logged in to ${url}; the key is stored in ${path}`);
      if (io.env.LOOP_API_KEY) io.stderr('Note: LOOP_API_KEY is set, and it wins over the stored key until you unset it.');
    });
}
