import { createServer } from 'node:net';
import { StartupError } from './error';

/** The operator's reading of a failed listen, or undefined when it is not one they can fix with PORT. */
export function portProblem(error: unknown, port: number): StartupError | undefined {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return new StartupError(`port ${port} is in use; set PORT to a free port`);
    case 'EACCES':
      return new StartupError(`port ${port} needs privileges this process lacks; set PORT to a port above 1023`);
    default:
      return undefined;
  }
}

/**
 * Binds the port the server will listen on and lets it go again, before the database is opened: a
 * second `npm start` must not open (and migrate) a database only to die on EADDRINUSE. Bound the way
 * @hono/node-server binds it (every interface), so the answer is the one `serve` would get.
 */
export function ensurePortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(portProblem(error, port) ?? error));
    probe.listen(port, () => probe.close(() => resolve()));
  });
}
