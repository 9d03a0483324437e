import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sqlPath, SqlOverHttp } from './sql-over-http';
import { AllowedTargets } from './targets';
import { relayPath, WebSocketRelay } from './ws-relay';

export { AllowedTargets, parseTarget } from './targets';
export { SqlOverHttp } from './sql-over-http';
export { WebSocketRelay } from './ws-relay';

export interface NeonLocalOptions {
  /** The PostgreSQL servers (`host:port`) that may be reached; anything else is refused. */
  targets: string[];
  /** Where to listen; 127.0.0.1 and a free port unless told otherwise. */
  host?: string;
  port?: number;
  /** Keep the text of every SQL-over-HTTP query in `http.statements` (tests that check which path ran what). */
  recordStatements?: boolean;
}

export interface NeonLocal {
  port: number;
  /** The value for `neonConfig.wsProxy` (no protocol: the driver adds ws:// or wss://). */
  wsProxy: string;
  /** The value for `neonConfig.fetchEndpoint`. */
  fetchEndpoint: string;
  relay: WebSocketRelay;
  http: SqlOverHttp;
  targets: AllowedTargets;
  close(): Promise<void>;
}

/**
 * Serves Neon's two client protocols on one local port: the WebSocket relay (`/v2`, used by `Pool`
 * and `Client`) and SQL over HTTP (`/sql`, used by `neon()`), both in front of a plain PostgreSQL.
 * No TLS, no JWT auth, no response size limit, no query cancellation (ADR 0012): a test rig, not Neon.
 */
export async function startNeonLocal({
  targets,
  host = '127.0.0.1',
  port = 0,
  recordStatements = false,
}: NeonLocalOptions): Promise<NeonLocal> {
  const allowed = new AllowedTargets(targets);
  const relay = new WebSocketRelay(allowed);
  const http = new SqlOverHttp(allowed, { recordStatements });
  const server = createServer((request, response) => void http.handle(request, response));
  server.on('upgrade', (request, socket, head) => relay.handleUpgrade(request, head, socket));
  // Node closes an idle keep-alive socket after 5 s, and the driver's fetch (undici) keeps it ~4 s:
  // on a loaded machine a query can go out on a socket the server is closing ("other side
  // closed"). A long server timeout keeps the client's own timeout the one that ends idle sockets.
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const authority = `${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  return {
    port: address.port,
    wsProxy: `${authority}${relayPath}`,
    fetchEndpoint: `http://${authority}${sqlPath}`,
    relay,
    http,
    targets: allowed,
    async close() {
      relay.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await http.close();
    },
  };
}
