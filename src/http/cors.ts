import type { NestFastifyApplication } from '@nestjs/platform-fastify';

type CorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;

/**
 * Nest's enableCors on Fastify (@fastify/cors, a dependency of @nestjs/platform-fastify):
 * an origin in `origins` gets Access-Control-Allow-Origin, any other (every one when unset)
 * gets a 204 preflight without it, which the browser refuses. Every OPTIONS answers 204,
 * even without Origin, so a preflight never falls through to 404 or a bare-text 400.
 */
export function corsOptions(origins: string[] = []): CorsOptions {
  return {
    origin: origins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    exposedHeaders: ['ETag', 'Retry-After'],
    strictPreflight: false,
    maxAge: 600,
  };
}
