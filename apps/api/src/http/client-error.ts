import type { Duplex } from 'node:stream';
import type { ErrorCode } from '../domain/errors';
import { errorStatus } from './error-status';

/**
 * Requests Node's HTTP parser refuses never reach the app; by default Node answers them with an
 * empty body (or resets the socket). Attached as the server's `clientError` listener, this answers
 * them with the same JSON error envelope as everything else (ADR 0022).
 */
const refusals: Record<string, [ErrorCode, string]> = {
  HPE_HEADER_OVERFLOW: ['headers_too_large', 'The request line and headers exceed the server limit (16 KB)'],
  HPE_INVALID_CONTENT_LENGTH: ['malformed_request', 'Malformed HTTP request: invalid Content-Length'],
  HPE_UNEXPECTED_CONTENT_LENGTH: ['malformed_request', 'Malformed HTTP request: Content-Length together with Transfer-Encoding'],
  ERR_HTTP_REQUEST_TIMEOUT: ['request_timeout', 'The request was not received in time'],
};

const reasons: Partial<Record<number, string>> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** Node's internal view of the socket: a response already under way must not be followed by another. */
type ServerSocket = Duplex & { _httpMessage?: { headersSent?: boolean } | null };

export function answerClientError(error: Error & { code?: string }, socket: ServerSocket): void {
  if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const [code, message] = refusals[error.code ?? ''] ?? ['malformed_request', 'Malformed HTTP request'];
  const status = errorStatus[code];
  const body = JSON.stringify({ error: message, code });
  socket.end(
    `HTTP/1.1 ${status} ${reasons[status] ?? 'Bad Request'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
