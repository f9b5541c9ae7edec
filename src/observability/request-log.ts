import { NextFunction, Request, Response } from 'express';
import { Logger } from 'pino';
import { Metrics } from './metrics';

/**
 * One debug line and one latency sample per request. The route pattern, not the URL, labels
 * the metric (bounded cardinality); headers are never logged, so keys cannot leak here.
 */
export function requestLog(logger: Logger, metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (request.route?.path as string | undefined) ?? (response.statusCode === 404 ? '(unmatched)' : request.path);
      metrics.httpDuration.observe({ method: request.method, route, status: String(response.statusCode) }, seconds);
      logger.debug({ method: request.method, path: request.path, status: response.statusCode, ms: Math.round(seconds * 1000) }, 'request');
    });
    next();
  };
}
