import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../test/support/child-app';
import { openDatabase } from '../../src/database/data-source';
import { diffSnapshots, ProjectionSnapshot, snapshotProjections } from '../../test/support/projections';

async function snapshot(databaseUrl: string): Promise<ProjectionSnapshot> {
  const dataSource = await openDatabase(databaseUrl, 1);
  try {
    return await snapshotProjections(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * The live projections against `ceasefire-monitor rebuild` run as an operator runs it, on the
 * same database once the monitor has stopped: `{}` when equal, else what differs per table.
 */
export async function compareWithRebuild(databaseUrl: string): Promise<{ diff: Record<string, unknown>; rows: Record<string, number> }> {
  const live = await snapshot(databaseUrl);
  await promisify(execFile)(process.execPath, [join(ROOT, 'bin/ceasefire-monitor.js'), 'rebuild'], {
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ACCORDS_DIR: join(ROOT, 'accords') },
    maxBuffer: 16 * 1024 * 1024,
  });
  const rebuilt = await snapshot(databaseUrl);
  return {
    diff: diffSnapshots(live, rebuilt),
    rows: Object.fromEntries(Object.entries(live).map(([table, rows]) => [table, rows.length])),
  };
}
