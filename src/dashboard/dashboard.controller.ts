import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The package root: the nearest folder above this file holding package.json (works from src/ and dist/). */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** tsc copies no static files, so the page is always read from the source tree. */
const PUBLIC_DIR = join(packageRoot(__dirname), 'src', 'dashboard', 'public');
const UPLOT_DIR = dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Every asset by URL name, resolved once: nothing outside this list is ever read. */
const ASSETS: Record<string, string> = {
  'dashboard.js': join(PUBLIC_DIR, 'dashboard.js'),
  'charts.js': join(PUBLIC_DIR, 'charts.js'),
  'format.js': join(PUBLIC_DIR, 'format.js'),
  'dashboard.css': join(PUBLIC_DIR, 'dashboard.css'),
  'favicon.svg': join(PUBLIC_DIR, 'favicon.svg'),
  'uPlot.esm.js': join(UPLOT_DIR, 'uPlot.esm.js'),
  'uPlot.min.css': join(UPLOT_DIR, 'uPlot.min.css'),
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
  const ext = path.slice(path.lastIndexOf('.'));
  reply.type(TYPES[ext] ?? 'application/octet-stream').header('Cache-Control', 'no-cache').send(read(path));
}

/** The dashboard at `/`: one static page, its scripts and styles, and uPlot, all same-origin (the CSP allows nothing else). */
@ApiExcludeController()
@Controller()
export class DashboardController {
  @Get()
  page(@Res() reply: FastifyReply): void {
    send(reply, join(PUBLIC_DIR, 'index.html'));
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() reply: FastifyReply): void {
    const path = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
    if (!path || !existsSync(path)) throw new NotFoundException(`no asset ${name}`);
    send(reply, path);
  }
}
