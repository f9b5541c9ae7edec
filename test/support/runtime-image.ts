import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { ROOT } from './child-app';

/** One COPY of the Dockerfile's last (runtime) stage, paths relative to its WORKDIR. */
export interface RuntimeCopy {
  sources: string[];
  dest: string;
  /** Docker's rule: several sources, or a destination ending in '/', go into the destination folder */
  intoDir: boolean;
}

const WORKDIR = '/app';

/** The COPY lines of the runtime stage. Every stage works in /app, so a build stage's /app/dist is the tree's dist. */
export function runtimeCopies(dockerfile = readFileSync(join(ROOT, 'infra/Dockerfile'), 'utf8')): RuntimeCopy[] {
  const stages = dockerfile.split(/^FROM /m);
  const runtime = stages[stages.length - 1];
  return [...runtime.matchAll(/^COPY (--from=\S+ )?(.+)$/gm)].map((m) => {
    const raw = m[2].trim().split(/\s+/);
    const paths = raw.map((p) => posix.normalize(p.startsWith(`${WORKDIR}/`) ? p.slice(WORKDIR.length + 1) : p).replace(/(.)\/$/, '$1'));
    const sources = paths.slice(0, -1);
    return { sources, dest: paths[paths.length - 1], intoDir: sources.length > 1 || raw[raw.length - 1].endsWith('/') };
  });
}

/** Where a file of the tree (relative to the root) lands in the image, or null if the runtime stage leaves it out. */
export function placedAt(file: string, copies = runtimeCopies()): string | null {
  for (const { sources, dest, intoDir } of copies) {
    for (const source of sources) {
      if (file === source) return intoDir ? posix.join(dest, posix.basename(file)) : dest;
      if (file.startsWith(`${source}/`)) return posix.join(dest, file.slice(source.length + 1));
    }
  }
  return null;
}

/**
 * The runtime stage's tree in `target`, without Docker: each COPY taken from the (built) working
 * tree, and node_modules linked where the image runs `npm ci --omit=dev`.
 */
export function materialiseRuntime(target: string, copies = runtimeCopies()): void {
  for (const { sources, dest, intoDir } of copies) {
    for (const source of sources) {
      const to = intoDir ? join(target, dest, posix.basename(source)) : join(target, dest);
      mkdirSync(dirname(to), { recursive: true });
      cpSync(join(ROOT, source), to, { recursive: true });
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(target, 'node_modules'), 'dir');
}
