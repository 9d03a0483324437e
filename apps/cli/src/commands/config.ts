import type { Command } from 'commander';
import { checkUrl, type ConfigKey, configKeys, configPath, maskToken, readConfig, resolveConfig, writeConfig } from '../config-store';
import { UsageError } from '../exit-codes';
import type { Io } from '../output';
import { examples } from './help';

function configKey(key: string): ConfigKey {
  if (!(configKeys as readonly string[]).includes(key)) throw new UsageError(`Unknown config key "${key}": use ${configKeys.join(' or ')}`);
  return key as ConfigKey;
}

const wantsJson = (command: Command) => Boolean(command.optsWithGlobals<{ json?: boolean }>().json);

export function registerConfig(program: Command, io: Io) {
  const config = program
    .command('config')
    .description('Show or change where the CLI connects and with which key')
    .addHelpText('after', examples(['loop config list', 'loop config set url https://loop.example.com', 'loop config get url --json']));

  config
    .command('set')
    .description('Store the API URL (or a token: prefer `loop login`, which keeps it out of your shell history)')
    .argument('<key>', configKeys.join(' or '))
    .argument('<value>', 'the value to store')
    .addHelpText('after', examples(['loop config set url http://localhost:4242', 'loop config set url https://loop.example.com --json']))
    .action((rawKey: string, value: string, _options, command: Command) => {
      const key = configKey(rawKey);
      const stored = key === 'url' ? checkUrl(value, 'url') : value;
      const path = writeConfig(io.env, { ...readConfig(io.env), [key]: stored });
      if (wantsJson(command)) io.stdout(JSON.stringify({ key, file: path }));
      else io.stdout(`Saved ${key} to ${path}`);
    });

  config
    .command('get')
    .description('Print one effective setting (the token masked), from LOOP_URL/LOOP_API_KEY, the file or the default')
    .argument('<key>', configKeys.join(' or '))
    .addHelpText('after', examples(['loop config get url', 'loop config get token --json']))
    .action((rawKey: string, _options, command: Command) => {
      const key = configKey(rawKey);
      const resolved = resolveConfig(io.env);
      const value = key === 'url' ? resolved.url : resolved.token ? maskToken(resolved.token) : null;
      if (wantsJson(command)) io.stdout(JSON.stringify({ key, value, source: resolved.source[key] }));
      else io.stdout(value ?? '(not set)');
    });

  config
    .command('unset')
    .description('Remove a setting from the config file (LOOP_URL and LOOP_API_KEY are left alone)')
    .argument('<key>', configKeys.join(' or '))
    .addHelpText('after', examples(['loop config unset token', 'loop config unset url --json']))
    .action((rawKey: string, _options, command: Command) => {
      const key = configKey(rawKey);
      const { [key]: removed, ...rest } = readConfig(io.env);
      const path = writeConfig(io.env, rest);
      if (wantsJson(command)) io.stdout(JSON.stringify({ key, removed: removed !== undefined, file: path }));
      else io.stdout(removed === undefined ? `${key} was not set in ${path}` : `Removed ${key} from ${path}`);
    });

  const list = (_options: unknown, command: Command) => {
    const resolved = resolveConfig(io.env);
    const shown = {
      url: resolved.url,
      token: resolved.token ? maskToken(resolved.token) : null,
      source: resolved.source,
      file: configPath(io.env),
    };
    if (wantsJson(command)) {
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
  };

  config
    .command('list')
    .alias('show')
    .description('Show the effective configuration and where each value comes from (the token masked)')
    .addHelpText('after', examples(['loop config list', 'loop config show --json']))
    .action(list);
}
