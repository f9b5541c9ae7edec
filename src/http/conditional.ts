import { createHash } from 'node:crypto';
import { FastifyReply, FastifyRequest } from 'fastify';

/** A strong validator of a body's bytes. */
export function etagOf(bytes: string | Buffer): string {
  return `"${createHash('sha1').update(bytes).digest('base64url')}"`;
}

/**
 * Whether a GET's If-None-Match already names `etag` (RFC 9110 13.1.2: a list, `*`, weak
 * comparison), so the answer is 304 with no body.
 */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return (t.startsWith('W/') ? t.slice(2) : t) === etag;
  });
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json\b/;

/**
 * Fastify onSend hook: a JSON answer to GET or HEAD carries an ETag (the route's own, set where
 * the bytes are cached, else a hash of the bytes), and a poll that already has it gets 304
 * with no body, so dashboards that poll projections move bytes only when they changed.
 */
export async function conditionalGet(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  if (!JSON_TYPE.test(String(reply.getHeader('content-type') ?? ''))) return payload;
  let etag = reply.getHeader('etag');
  if (typeof etag !== 'string') {
    etag = etagOf(payload);
    reply.header('ETag', etag);
  }
  if (!notModified(request.headers['if-none-match'], etag)) return payload;
  reply.code(304);
  return null;
}
