import { STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import { errorBody } from './http-error.filter';
import { SECURITY_HEADERS } from './security-headers';

/** Node's codes that are not a malformed request (400) but a refusal of their own. */
const REFUSALS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'the request header fields are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'the request did not arrive whole in time'],
};

/**
 * Fastify's clientErrorHandler: a request Node's HTTP parser refuses (framing, header size,
 * a content-length that is not a number) never reaches Fastify's routes or hooks, so its
 * answer is written to the socket here, in the documented shape and with the security headers.
 */
export function clientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const [status, message] = REFUSALS[error.code ?? ''] ?? [400, `malformed request (${error.code ?? error.message})`];
    const body = JSON.stringify(errorBody(status, message));
    const headers = [
      ...SECURITY_HEADERS,
      ['Content-Type', 'application/json; charset=utf-8'],
      ['Content-Length', String(Buffer.byteLength(body))],
      ['Connection', 'close'],
    ];
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`,
    );
  }
  socket.destroy(error);
}
