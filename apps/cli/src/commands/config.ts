import type { Command } from 'commander';
import { configPath, maskToken, readConfig, resolveConfig, writeConfig } from '../config-store';
import { UsageError } from '../exit-codes';
import type { Io } from '../output';

export function registerConfig(program: Command, io: Io) {
  const config = program.command('config').description('Show or change where the CLI connects and with which key');

  config
    .command('set')
    .description('Store the API URL or token in the config file')
    .argument('<key>', 'url or token')
    .argument('<value>', 'the value to store')
    .addHelpText('after', '\nExamples:\n  loop config set url http://localhost:4242\n  loop config set token loop_…')
    .action((key: string, value: string) => {
      if (key !== 'url' && key !== 'token') throw new UsageError(`Unknown config key "${key}": use url or token`);
      if (key === 'url' && !URL.canParse(value)) throw new UsageError(`Not a URL: ${value}`);
      const path = writeConfig(io.env, { ...readConfig(io.env), [key]: key === 'url' ? value.replace(/\/+$/, '') : value });
      io.stdout(`Saved ${key} to ${path}`);
    });

  config
    .command('show')
    .description('Show the effective configuration (the token masked)')
    .action((_options, command: Command) => {
      const resolved = resolveConfig(io.env);
      const shown = {
        url: resolved.url,
        token: resolved.token ? maskToken(resolved.token) : null,
        source: resolved.source,
        file: configPath(io.env),
      };
      if (command.optsWithGlobals<{ json?: boolean }>().json) {
        io.stdout(JSON.stringify(shown, null, 2));
        return;
      }
      io.stdout(
        [
          `url    ${shown.url}  (${shown.source.url})`,
          `token  ${shown.token ?? '(not set)'}  (${shown.source.token})`,
          `file   ${shown.file}`,
        ].join('\n'),
      );
    });
}
