import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/config/package-root';

/** The project root (tests run from source, the benchmark compiled). */
export const ROOT = packageRoot(__dirname);
/** The V8 flags the monitor runs with, as scripts/start.sh and infra/Dockerfile set them (a unit test holds the three equal). */
export const MONITOR_NODE_OPTIONS = '--max-semi-space-size=16 --max-old-space-size=2047';
const built = new Set<string>();

/** Compiles the app (or another entry's tsconfig) once per test process, so it can run as a real child process. */
export function buildOnce(tsconfig = join(ROOT, 'tsconfig.build.json')): void {
  if (built.has(tsconfig)) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { stdio: 'inherit' });
  built.add(tsconfig);
}

export interface ChildApp {
  process: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** everything it wrote to stdout and stderr (the first MB) */
  output(): string;
}

/**
 * Starts `node dist/main.js` (or another compiled entry, `main`) with an environment and waits
 * until it listens (or exits: some tests start one that is meant to die). A port another
 * socket took meanwhile is left for the next free one.
 */
export async function startChildApp(
  env: Record<string, string>,
  port: number,
  root = ROOT,
  main = join(root, 'dist/main.js'),
): Promise<ChildApp> {
  const app = await startOnPort(env, port, root, main);
  if (app.process.exitCode !== null && app.output().includes('EADDRINUSE')) return startChildApp(env, freePort(), root, main);
  return app;
}

/** `root`: the tree to run from, the project's own or one laid out as the image is (runtime-image.ts). */
async function startOnPort(env: Record<string, string>, port: number, root: string, main: string): Promise<ChildApp> {
  buildOnce();
  const child = spawn(process.execPath, [main], {
    cwd: root,
    // so tests and the benchmark run the monitor as deployed
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ACCORDS_DIR: join(ROOT, 'accords'),
      NODE_OPTIONS: MONITOR_NODE_OPTIONS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    if (output.length < 1_000_000) output += d.toString();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the monitor did not start: ${output.slice(-5000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    process: child,
    url,
    exited,
    output: () => output,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

// Below the kernel's ephemeral range (32768 and up), where outgoing connections take their ports.
let nextPort = 12000 + (process.pid % 20000);
export const freePort = () => nextPort++;
