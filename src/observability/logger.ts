import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** Keys whose values never reach a log line, wherever they sit in the object. */
const REDACT = ['password', 'apiKey', 'apiKeys', 'API_KEYS', 'DATABASE_URL', 'authorization', 'x-api-key', 'secret', 'token'];

/** Replaces the password of any URL in a string, e.g. postgres://u:secret@h/db. */
export function redactUrlPasswords(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]*:)[^@\s/]*@/gi, '$1***@');
}

/** JSON lines to stdout (fd 1), or to stderr (fd 2) for commands whose stdout is their output. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', fd: 1 | 2 = 1): Logger {
  return pino(
    {
      level,
      base: { service: 'ceasefire-monitor' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]), censor: '***' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactUrlPasswords(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    pino.destination({ fd, sync: fd === 2 }),
  );
}

/** Nest's logger interface over pino, so framework messages are structured JSON too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

export const LOGGER = Symbol('Logger');
