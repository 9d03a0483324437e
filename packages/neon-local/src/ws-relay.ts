import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { type AllowedTargets, parseTarget } from './targets';

/** The path Neon's wsproxy serves (the driver's default `wsProxy` is `host + '/v2'`). */
export const relayPath = '/v2';

/**
 * Neon's WebSocket proxy, locally: each WebSocket carries the raw Postgres wire protocol to the TCP
 * server named in `?address=host:port`, byte for byte in both directions. Closing either side closes
 * the other, so a terminated backend or a restarted server reaches the driver as a dropped connection,
 * exactly as it would through Neon.
 */
export class WebSocketRelay {
  private readonly server = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly open = new Set<{ ws: WebSocket; socket: Socket }>();
  /** Connections relayed so far, and WebSocket messages carried from drivers to servers (for tests). */
  opened = 0;
  messages = 0;

  constructor(private readonly targets: AllowedTargets) {}

  /** Connections currently open through the relay. */
  get connections(): number {
    return this.open.size;
  }

  /** Takes over an HTTP upgrade request; refuses any path or target it does not serve. */
  handleUpgrade(request: IncomingMessage, head: Buffer, client: Duplex): void {
    const url = new URL(request.url ?? '/', 'http://relay');
    if (url.pathname !== relayPath) return refuse(client, 404, 'Not Found');
    const target = parseTarget(url.searchParams.get('address') ?? '');
    if (!target) return refuse(client, 400, 'Bad Request');
    if (!this.targets.allows(target.host, target.port)) return refuse(client, 403, 'Forbidden');

    this.server.handleUpgrade(request, client, head, (ws) => this.relay(ws, target.host, target.port));
  }

  private relay(ws: WebSocket, host: string, port: number): void {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    const pair = { ws, socket };
    this.open.add(pair);
    this.opened += 1;

    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      this.messages += 1;
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      // Writes before the TCP connect completes are queued by the socket itself.
      if (!socket.destroyed) socket.write(chunk);
    });
    socket.on('data', (chunk) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(chunk);
    });

    const finish = () => {
      if (!this.open.delete(pair)) return;
      socket.destroy();
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close();
    };
    // A refused or dropped TCP connection shows up in the driver as a closed WebSocket.
    socket.on('error', finish);
    socket.on('close', finish);
    ws.on('close', finish);
    ws.on('error', finish);
  }

  /** Drops every relayed connection (both ends). */
  closeAll(): void {
    for (const { ws, socket } of [...this.open]) {
      socket.destroy();
      ws.terminate();
    }
    this.open.clear();
  }
}

function refuse(client: Duplex, status: number, reason: string): void {
  client.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
