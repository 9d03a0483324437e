import { Command, CommanderError } from 'commander';
import packageJson from '../package.json';
import { registerCompletion } from './commands/completion';
import { registerConfig } from './commands/config';
import { registerDispatch } from './commands/dispatch';
import { registerIssues } from './commands/issues';
import { registerKeys } from './commands/keys';
import { registerLogin } from './commands/login';
import { registerMcp } from './commands/mcp';
import { registerProjects } from './commands/projects';
import { registerSignals } from './commands/signals';
import { registerStatus } from './commands/status';
import { registerTemplates } from './commands/templates';
import { errorEnvelope, ExitCode, exitCodeFor, explain, UsageError } from './exit-codes';
import type { Io } from './output';
import { promptHidden, readAllStdin } from './terminal';

export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    now: () => new Date(),
    readStdin: readAllStdin,
    promptSecret: process.stdin.isTTY ? promptHidden : undefined,
  };
}

/** With `--json`, the parser's own messages are kept for the JSON error instead of printed. */
interface ParserMessages {
  json: boolean;
  last: string | undefined;
}

export function buildProgram(io: Io, parser: ParserMessages = { json: false, last: undefined }): Command {
  const program = new Command('loop')
    .description('Work with a Loop server from the terminal: issues, signals, the queue, prompts.')
    .version(packageJson.version)
    .option('--json', 'print the raw API data (for scripts)')
    .option('--no-color', 'never use colour (NO_COLOR works too)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => io.stdout(text.trimEnd()),
      writeErr: (text) => {
        if (parser.json) parser.last ??= text.trim().split('\n')[0];
        else io.stderr(text.trimEnd());
      },
    })
    .addHelpText(
      'after',
      `
Configuration: loop config set url http://localhost:4242 && loop login
               (LOOP_URL and LOOP_API_KEY override the config file)
Output:        --json prints the API's data; errors then go to stderr as {"error", "code", "details"?}
Exit codes:    0 ok · 1 API or validation error · 2 usage error · 3 server unreachable · 4 unauthorized

Examples:
  loop signal "Checkout is slow" --severity high
  loop queue
  loop next
  loop show 1 --json`,
    );
  for (const register of [
    registerConfig,
    registerLogin,
    registerIssues,
    registerSignals,
    registerProjects,
    registerTemplates,
    registerDispatch,
    registerStatus,
    registerKeys,
    registerMcp,
    registerCompletion,
  ]) {
    register(program, io);
  }
  return program;
}

/** Runs the CLI and returns its exit code; the only place errors become messages and codes. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  // Known before parsing, so that even a parse error comes out as JSON.
  const parser: ParserMessages = { json: argv.includes('--json'), last: undefined };
  const program = buildProgram(io, parser);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return ExitCode.ok;
      if (parser.json) io.stderr(JSON.stringify(errorEnvelope(new UsageError((parser.last ?? error.message).replace(/^error: /, '')))));
      return ExitCode.usage;
    }
    io.stderr(parser.json ? JSON.stringify(errorEnvelope(error)) : explain(error));
    return exitCodeFor(error);
  }
}
