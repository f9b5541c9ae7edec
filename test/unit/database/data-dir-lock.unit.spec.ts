import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, lockDataDir } from '../../../src/database/data-dir-lock';

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cfm-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const holder = () => readFile(join(dir, LOCK_FILE), 'utf8').then((text) => Number(text.trim()));

  it('holds the folder with this PID until released, and refuses while another process holds it', async () => {
    const lock = await lockDataDir(dir);
    expect(await holder()).toBe(process.pid);
    await lock.release();
    await expect(readFile(join(dir, LOCK_FILE))).rejects.toThrow(/ENOENT/);

    await writeFile(join(dir, LOCK_FILE), `${process.ppid}\n`); // a process that runs
    await expect(lockDataDir(dir)).rejects.toThrow(`DATA_DIR ${dir} is in use by process ${process.ppid}`);
    expect(await holder()).toBe(process.ppid);
  });

  it('takes over a lock whose process is gone, or is this one (a container restarted under the same PID)', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    for (const stale of [gone, process.pid, 'garbage']) {
      await writeFile(join(dir, LOCK_FILE), `${stale}\n`);
      const lock = await lockDataDir(dir);
      expect(await holder()).toBe(process.pid);
      await lock.release();
    }
  });
});
