import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DataDirLock, lockDataDir } from './data-dir-lock';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * The embedded default: PostgreSQL compiled to WASM (PGlite) behind a socket server, so the
 * same pg/TypeORM code path talks to it. All its socket connections share one backend session,
 * so the app uses a single connection (see DatabaseModule); it refuses connections beyond
 * `maxConnections`. The socket is a Unix one in a folder only this user can enter: PGlite
 * trusts every connection as its superuser, and a stray one would share the app's session.
 * PGlite itself does nothing to keep a second process off its files, so DATA_DIR is locked.
 */
/** PostgreSQL's own settings for an embedded demo: its default 128 MB of shared buffers would be most of the process's memory. */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB'];

/**
 * A new data directory is initialised (initdb) in a short-lived child process: the WASM
 * instance initdb runs in keeps its memory, about 500 MB, for as long as its process lives.
 */
async function initialise(dir: string): Promise<void> {
  if (existsSync(join(dir, 'PG_VERSION'))) return;
  const script = `require(${JSON.stringify(require.resolve('@electric-sql/pglite'))}).PGlite.create(process.argv[1]).then((db) => db.close())`;
  await promisify(execFile)(process.execPath, ['-e', script, dir]);
}

export async function startEmbeddedPostgres(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
  const dir = resolve(dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const lock: DataDirLock = await lockDataDir(resolve(dataDir));
  let socketDir: string | null = null;
  let db: PGlite | null = null;
  try {
    await initialise(dir);
    db = await PGlite.create(dir, { startParams: START_PARAMS });
    socketDir = await mkdtemp(join(tmpdir(), 'ceasefire-pglite-')); // mode 0700
    const server = new PGLiteSocketServer({ db, path: join(socketDir, '.s.PGSQL.5432'), maxConnections });
    await server.start();
    const [open, folder] = [db, socketDir];
    return {
      url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(folder)}`,
      async stop() {
        await server.stop();
        await open.close();
        await rm(folder, { recursive: true, force: true });
        await lock.release();
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    if (socketDir) await rm(socketDir, { recursive: true, force: true });
    await lock.release();
    throw error;
  }
}
