import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DataDirLock {
  release(): Promise<void>;
}

export const LOCK_FILE = 'monitor.lock';

/** Whether a process other than this one runs under `pid` (EPERM: it does, as another user). */
function running(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false; // our own: a container restarted with the same PID
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes DATA_DIR for this process: a file holding its PID. Two processes on one PGlite
 * directory lose what either was told was stored, so a second monitor or CLI command is
 * refused while the holder runs. A lock left by a process that died (SIGKILL, a crash) is
 * taken over. The file is written aside and linked into place, which fails if it exists, so
 * no process ever reads a lock before its PID is in it.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE);
  const mine = `${path}.${process.pid}`;
  await writeFile(mine, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(mine, path);
        return { release: () => unlink(path).catch(() => undefined) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (running(holder)) {
        throw new Error(
          `DATA_DIR ${dataDir} is in use by process ${holder}: stop that monitor first, or send to it with \`import --url\`` +
            ` (if process ${holder} is no monitor, delete ${path})`,
        );
      }
      await unlink(path).catch(() => undefined);
    }
    throw new Error(`cannot lock DATA_DIR ${dataDir}: ${path} keeps reappearing`);
  } finally {
    await unlink(mine).catch(() => undefined);
  }
}
