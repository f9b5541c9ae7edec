import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { AppendObserver, ignoreAppends } from './observations/append-observer';
import { STORAGE_PROFILE, StorageProfile } from './database/storage-profile';
import { Clock, systemClock } from './config/clock';
import { loadConfig } from './config/config';
import { mountApiDocs } from './http/api-docs';
import { clientError } from './http/client-error';
import { conditionalGet } from './http/conditional';
import { corsOptions } from './http/cors';
import { frameworkError, HttpErrorFilter } from './http/http-error.filter';
import { securityHeaders } from './http/security-headers';
import { rateLimit } from './security/rate-limit';
import { createLogger, PinoNestLogger } from './observability/logger';
import { Metrics } from './observability/metrics';
import { requestLog } from './observability/request-log';

const MAX_BODY_BYTES = 16 * 1024 * 1024;
export const REQUEST_TIMEOUT_MS = 300_000;

/** Boots the whole monitor from an environment (PORT '0' picks a free port); tests may pass their own clock and append observer. */
export async function createApp(
  env: Record<string, string | undefined>,
  clock: Clock = systemClock,
  appendObserver: AppendObserver = ignoreAppends,
): Promise<INestApplication> {
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  if (!config.API_KEYS) logger.warn('API_KEYS unset: no authentication (the embedded demo); set API_KEYS in any shared deployment');
  // Fastify, not Express: it serves the cached compliance report with more throughput and a lower tail latency.
  // As under Express: `/health/` is `/health`; path parameters as long as the validators allow (ids of 128);
  // a request must arrive whole within Node's default 5 minutes (Fastify's 0 would let a client trickle a body forever).
  const adapter = new FastifyAdapter({
    bodyLimit: MAX_BODY_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    frameworkErrors: frameworkError,
    clientErrorHandler: clientError,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
  });
  // Its own JSON parser reads bodies; bodyParser false keeps Nest from adding another.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger, clock, appendObserver), adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  // Security headers in Nest's own first request hook, so the preflights the CORS hook answers carry them too.
  adapter.setOnRequestHook(securityHeaders);
  app.enableCors(corsOptions(config.CORS_ORIGINS));
  const http = app.getHttpAdapter().getInstance();
  http.addHook('onResponse', requestLog(logger, app.get(Metrics)));
  http.addHook('onRequest', rateLimit(config.RATE_LIMIT_PER_SECOND, config.RATE_LIMIT_BURST));
  http.addHook('onSend', conditionalGet);
  app.useGlobalFilters(new HttpErrorFilter(logger));
  app.enableShutdownHooks();
  mountApiDocs(app);
  await app.listen(config.PORT, config.HOST);
  logger.info(
    { port: appPort(app), kafka: Boolean(config.KAFKA_BROKERS), embedded: app.get<symbol, StorageProfile>(STORAGE_PROFILE).embedded },
    'ceasefire-monitor listening',
  );
  return app;
}

export function appPort(app: INestApplication): number {
  return (app.getHttpServer().address() as AddressInfo).port;
}
