import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/main';
import { cliRunner } from './harness';

/** Every command of the program, subcommands included, as the words that reach it. */
function* commandPaths(command: Command, path: string[] = []): Generator<string[]> {
  for (const sub of command.commands) {
    yield [...path, sub.name()];
    yield* commandPaths(sub, [...path, sub.name()]);
  }
}

describe('loop --help', () => {
  const cli = cliRunner({ env: {} });
  const noop = () => undefined;
  const program = buildProgram({
    stdout: noop,
    stderr: noop,
    env: {},
    isTTY: false,
    now: () => new Date(),
    readStdin: () => Promise.resolve(''),
    promptSecret: undefined,
  });
  const paths = [...commandPaths(program)];

  it('reaches every command (a sanity check of the walk)', () => {
    expect(paths.map((path) => path.join(' '))).toEqual(expect.arrayContaining(['list', 'config get', 'triage decline', 'keys revoke', 'login', 'completion']));
  });

  it.each(paths.map((path) => [path.join(' '), path] as const))('%s shows examples and mentions --json', async (_name, path) => {
    const result = await cli.run([...path, '--help']);
    expect(result.code).toBe(0);
    const examples = result.stdout.split('\nExamples:\n')[1];
    expect(examples, 'an Examples: section').toBeDefined();
    expect(examples!.split('\n').filter((line) => line.startsWith('  loop ')).length).toBeGreaterThan(0);
    expect(result.stdout).toContain('--json');
  });
});
