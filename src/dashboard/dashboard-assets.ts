import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packageRoot } from '../config/package-root';

/** tsc copies no static files, so the page is always read from the source tree: a deployment must ship this folder. */
export const PUBLIC_DIR = join(packageRoot(__dirname), 'src', 'dashboard', 'public');
const UPLOT_DIR = dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));

/** The page itself, at `/`. */
export const PAGE = join(PUBLIC_DIR, 'index.html');

/** Every asset by URL name, resolved once: nothing outside this list is ever read. */
export const ASSETS: Readonly<Record<string, string>> = {
  'dashboard.js': join(PUBLIC_DIR, 'dashboard.js'),
  'api.js': join(PUBLIC_DIR, 'api.js'),
  'stream.js': join(PUBLIC_DIR, 'stream.js'),
  'sse.js': join(PUBLIC_DIR, 'sse.js'),
  'charts.js': join(PUBLIC_DIR, 'charts.js'),
  'format.js': join(PUBLIC_DIR, 'format.js'),
  'silences.js': join(PUBLIC_DIR, 'silences.js'),
  'dashboard.css': join(PUBLIC_DIR, 'dashboard.css'),
  'evidence.js': join(PUBLIC_DIR, 'evidence.js'),
  'retire.js': join(PUBLIC_DIR, 'retire.js'),
  'bounds.js': join(PUBLIC_DIR, 'bounds.js'),
  'pace.js': join(PUBLIC_DIR, 'pace.js'),
  'evidence.css': join(PUBLIC_DIR, 'evidence.css'),
  'favicon.svg': join(PUBLIC_DIR, 'favicon.svg'),
  'uPlot.esm.js': join(UPLOT_DIR, 'uPlot.esm.js'),
  'uPlot.min.css': join(UPLOT_DIR, 'uPlot.min.css'),
};

/** The files the dashboard needs that are not there (a deployment that left them out). */
export function missingFiles(): string[] {
  return [PAGE, ...Object.values(ASSETS)].filter((path) => !existsSync(path));
}
