import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'pino';

/**
 * Every error answers `{statusCode, code, message, ...details}` and never a stack trace.
 * Unexpected errors are logged here and answered with a generic 500.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = this.describe(error);
    if (status >= 500) this.logger.error({ err: error }, 'request failed');
    if (!reply.sent) reply.status(status).send({ statusCode: status, ...body });
  }

  private describe(error: unknown): { status: number; body: Record<string, unknown> } {
    if (error instanceof HttpException) {
      const payload = error.getResponse();
      const body = typeof payload === 'string' ? { message: payload } : { ...(payload as object) };
      delete (body as Record<string, unknown>).statusCode;
      return { status: error.getStatus(), body: { code: codeFor(error.getStatus()), ...body } };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { code: 'INTERNAL', message: 'internal error' } };
  }
}

/** The error shape, for answers given outside the filter (a hook, Fastify's own refusals). */
export function errorBody(status: number, message: string): { statusCode: number; code: string; message: string } {
  return { statusCode: status, code: codeFor(status), message };
}

/** What Fastify refuses before any route runs (a path that is not valid percent-encoding). */
export function frameworkError(error: Error, _request: FastifyRequest, reply: FastifyReply): void {
  reply.status(400).send(errorBody(400, error.message));
}

function codeFor(status: number): string {
  const codes: Record<number, string> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    408: 'REQUEST_TIMEOUT',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
    431: 'HEADER_FIELDS_TOO_LARGE',
    503: 'UNAVAILABLE',
  };
  return codes[status] ?? `HTTP_${status}`;
}
