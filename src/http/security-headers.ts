import { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** The headers a public JSON API and its dashboard should send (what helmet sets by default, trimmed). */
export const SECURITY_HEADERS: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  [
    'Content-Security-Policy',
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
  ],
];

/** Set on the raw response, so streams written past Fastify's reply (server-sent events) carry them too. */
export function securityHeaders(_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  for (const [name, value] of SECURITY_HEADERS) reply.raw.setHeader(name, value);
  done();
}
