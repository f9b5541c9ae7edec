import { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { createHash } from 'node:crypto';
import { errorBody } from '../http/http-error.filter';
import { presentedKey } from './api-keys';

interface Bucket {
  tokens: number;
  at: number;
}

const UNLIMITED = new Set(['/health', '/metrics']);

/**
 * Token buckets per API key (or per client address without one): `perSecond` sustained,
 * `burst` at once; past that, 429 with Retry-After. Health and metrics stay unlimited so
 * probes and scrapers never trip it.
 */
export function rateLimit(perSecond: number, burst: number, now: () => number = Date.now) {
  const buckets = new Map<string, Bucket>();
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (perSecond <= 0 || UNLIMITED.has(request.routeOptions.url ?? '')) return done();
    const key = presentedKey(request.headers);
    const who = key ? `key:${createHash('sha256').update(key).digest('hex')}` : `ip:${request.ip}`;
    const t = now();
    const bucket = buckets.get(who) ?? { tokens: burst, at: t };
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
    bucket.at = t;
    buckets.set(who, bucket);
    if (buckets.size > 100_000) buckets.clear(); // bounded memory under a flood of distinct clients
    if (bucket.tokens < 1) {
      // Answered from the hook: done is not called, so the route never runs.
      reply
        .code(429)
        .header('Retry-After', String(Math.ceil((1 - bucket.tokens) / perSecond)))
        .send(errorBody(429, 'too many requests; slow down'));
      return;
    }
    bucket.tokens -= 1;
    done();
  };
}
