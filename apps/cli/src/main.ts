import { Command, CommanderError } from 'commander';
import { registerConfig } from './commands/config';
import { registerDispatch } from './commands/dispatch';
import { registerIssues } from './commands/issues';
import { registerKeys } from './commands/keys';
import { registerMcp } from './commands/mcp';
import { registerProjects } from './commands/projects';
import { registerSignals } from './commands/signals';
import { registerStatus } from './commands/status';
import { registerTemplates } from './commands/templates';
import { ExitCode, exitCodeFor, explain } from './exit-codes';
import type { Io } from './output';

export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    now: () => new Date(),
  };
}

export function buildProgram(io: Io): Command {
  const program = new Command('loop')
    .description('Work with a Loop server from the terminal: issues, signals, the queue, prompts.')
    .version('0.1.0')
    .option('--json', 'print the raw API data (for scripts)')
    .option('--no-color', 'never use colour (NO_COLOR works too)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text.trimEnd()), writeErr: (text) => io.stderr(text.trimEnd()) })
    .addHelpText(
      'after',
      `
Configuration: loop config set url http://localhost:4242 && loop config set token <key>
               (LOOP_URL and LOOP_API_KEY override the config file)
Exit codes:    0 ok · 1 API or validation error · 2 usage error · 3 server unreachable · 4 unauthorized

Examples:
  loop signal "Checkout is slow" --severity high
  loop queue
  loop next
  loop show 1`,
    );
  for (const register of [registerConfig, registerIssues, registerSignals, registerProjects, registerTemplates, registerDispatch, registerStatus, registerKeys, registerMcp]) {
    register(program, io);
  }
  return program;
}

/** Runs the CLI and returns its exit code; the only place errors become messages and codes. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
        ? ExitCode.ok
        : ExitCode.usage;
    }
    io.stderr(explain(error));
    return exitCodeFor(error);
  }
}
