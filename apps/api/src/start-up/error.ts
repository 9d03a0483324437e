/**
 * A reason the server (or a database command) cannot start that the operator can fix: printed as its
 * one-line message, without a stack trace, and the process exits non-zero.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** Runs an entry's start-up; a `StartupError` ends the process with its one line, anything else is rethrown. */
export async function exitOnStartupError<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (error instanceof StartupError) exitWith(error);
    throw error;
  }
}

export function exitWith(error: StartupError): never {
  console.error(error.message);
  process.exit(1);
}
