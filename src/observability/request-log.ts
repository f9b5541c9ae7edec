import { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Logger } from 'pino';
import { Metrics } from './metrics';

/**
 * One latency sample per request and, at debug level, one log line. The route pattern, not the
 * URL, labels the metric (bounded cardinality); headers are never logged, so keys cannot leak here.
 */
export function requestLog(logger: Logger, metrics: Metrics) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const route = request.routeOptions.url ?? '(unmatched)';
    const status = reply.statusCode;
    metrics.httpDuration.observe({ method: request.method, route, status: String(status) }, reply.elapsedTime / 1000);
    if (logger.isLevelEnabled('debug')) {
      logger.debug({ method: request.method, path: request.url.split('?', 1)[0], status, ms: Math.round(reply.elapsedTime) }, 'request');
    }
    done();
  };
}
