import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary directory, its own port),
 * so a test can stop and start it without disturbing the machine's PostgreSQL that the other
 * tests share. PostgreSQL refuses to run as root; as root the cluster runs as the `postgres`
 * user the Debian packages create.
 */
export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:{port}/postgres */
  url: string;
  port: number;
  start(): void;
  /** pg_ctl stop -m immediate: every backend killed at once, no shutdown checkpoint, as in a crash */
  stop(): void;
  destroy(): void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin();
  const port = await freeTcpPort();
  const dir = mkdtempSync(join(tmpdir(), 'cfm-pg-'));
  const data = join(dir, 'data');
  const user = process.getuid?.() === 0 ? ownerFor(dir) : null;
  const run = (command: string, args: string[]) => {
    const result = spawnSync(join(bin, command), args, {
      encoding: 'utf8',
      timeout: 60_000,
      ...(user ?? {}),
      env: { PATH: process.env.PATH, LC_ALL: 'C' },
    });
    if (result.status !== 0) throw new Error(`${command} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  // fsync off: a test cluster, and pg_ctl's immediate stop kills processes, not the machine,
  // so nothing committed is lost (committed WAL is in the OS's page cache either way)
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=100`;
  const postgres: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () => run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', '-t', '60', 'start']),
    stop: () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    destroy() {
      if (existsSync(join(data, 'postmaster.pid')))
        spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], { ...(user ?? {}) });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  postgres.start();
  return postgres;
}

/** The newest installed server's binaries (Debian: /usr/lib/postgresql/{version}/bin). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin/initdb'))) : [];
  if (versions.length > 0) return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
  const initdb = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (initdb) return join(initdb, '..');
  throw new Error('no PostgreSQL server binaries (initdb) under /usr/lib/postgresql or on PATH');
}

/** As root: hand the directory to the `postgres` user and run its commands as that user. */
function ownerFor(dir: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(dir, uid, gid);
  chmodSync(dir, 0o700);
  return { uid, gid };
}

/** A port nobody listens on now (the kernel's pick). */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
