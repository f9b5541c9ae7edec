import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { Clock, systemClock } from './config/clock';
import { loadConfig } from './config/config';
import { mountApiDocs } from './http/api-docs';
import { HttpErrorFilter } from './http/http-error.filter';
import { securityHeaders } from './http/security-headers';
import { rateLimit } from './security/rate-limit';
import { createLogger, PinoNestLogger } from './observability/logger';
import { Metrics } from './observability/metrics';
import { requestLog } from './observability/request-log';

export const MAX_BODY = '16mb';

/** Boots the whole monitor from an environment (PORT '0' picks a free port). */
export async function createApp(env: Record<string, string | undefined>, clock: Clock = systemClock): Promise<INestApplication> {
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  if (!config.API_KEYS) logger.warn('API_KEYS unset: no authentication (the embedded demo); set API_KEYS in any shared deployment');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger, clock), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.use(requestLog(logger, app.get(Metrics)));
  app.use(securityHeaders);
  app.use(rateLimit(config.RATE_LIMIT_PER_SECOND, config.RATE_LIMIT_BURST));
  app.useBodyParser('json', { limit: MAX_BODY });
  app.useGlobalFilters(new HttpErrorFilter(logger));
  app.enableShutdownHooks();
  mountApiDocs(app);
  await app.listen(config.PORT, config.HOST);
  logger.info({ port: appPort(app), kafka: Boolean(config.KAFKA_BROKERS), embedded: !config.DATABASE_URL }, 'ceasefire-monitor listening');
  return app;
}

export function appPort(app: INestApplication): number {
  return (app.getHttpServer().address() as AddressInfo).port;
}
