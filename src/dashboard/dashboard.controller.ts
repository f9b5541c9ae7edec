import { Controller, Get, Inject, NotFoundException, OnModuleInit, Param, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { Logger } from 'pino';
import { LOGGER } from '../observability/logger';
import { ASSETS, missingFiles, PAGE, PUBLIC_DIR } from './dashboard-assets';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const cache = new Map<string, Buffer>();
function read(path: string): Buffer {
  // Re-read while developing (ts-jest / ts-node); keep in memory in a built deployment.
  if (!__filename.endsWith('.js')) return readFileSync(path);
  let body = cache.get(path);
  if (!body) cache.set(path, (body = readFileSync(path)));
  return body;
}

function send(reply: FastifyReply, path: string): void {
  // Read before setting the type: a failed read must leave the reply free to answer the JSON error shape.
  const body = read(path);
  const ext = path.slice(path.lastIndexOf('.'));
  reply
    .type(TYPES[ext] ?? 'application/octet-stream')
    .header('Cache-Control', 'no-cache')
    .send(body);
}

/**
 * The dashboard at `/`: one static page, its scripts and styles, and uPlot, all same-origin (the CSP allows nothing else).
 * A deployment without the page's files still serves the API; the dashboard answers 503 and the log says what is missing.
 */
@ApiExcludeController()
@Controller()
export class DashboardController implements OnModuleInit {
  private missing = new Set<string>();

  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  onModuleInit(): void {
    this.missing = new Set(missingFiles());
    if (this.missing.size) {
      this.logger.error(
        { missing: [...this.missing], expected: PUBLIC_DIR },
        'dashboard files missing: GET / answers 503 (the deployment must ship src/dashboard/public)',
      );
    }
  }

  @Get()
  page(@Res() reply: FastifyReply): void {
    this.serve(reply, PAGE);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() reply: FastifyReply): void {
    const path = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
    if (!path) throw new NotFoundException(`no asset ${name}`);
    this.serve(reply, path);
  }

  private serve(reply: FastifyReply, path: string): void {
    if (this.missing.has(path)) throw new ServiceUnavailableException('the dashboard is not installed in this deployment');
    send(reply, path);
  }
}
