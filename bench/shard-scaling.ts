import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { openDatabase } from '../src/database/data-source';
import { EventStore } from '../src/event-store/event-store';
import { toEvent } from '../src/observations/observation-event';
import { validateObservation } from '../src/observations/validate';
import { ChildApp, freePort, startChildApp } from '../test/support/child-app';
import { createTestDatabase } from '../test/support/database';
import { diffSnapshots, rebuildNow, snapshotProjections } from '../test/support/projections';
import { accordsOf, country, Mode } from './accord-scaling';
import { cpuSeconds } from './cpu-use';
import { sleep } from './feed';
import { syntheticIncidents } from '../test/support/synthetic';

/**
 * Projection scaled out: the same incidents projected for 50 accords over 8 zones by one
 * instance holding the one shard, then by three instances holding a shard each. The events
 * are appended straight into the store by the benchmark while the instances run, so what each
 * instance's process spends (from /proc, intake excluded) is its projector's share.
 */
export interface ShardRun {
  mode: Mode;
  instances: number;
  events: number;
  seconds: number;
  /** per instance, in shard order of what it holds: CPU µs per event and the shards it held */
  perInstance: { name: string; shards: string[]; cpuUsPerEvent: number }[];
  /** the live projections equal those of a rebuild */
  equalToRebuild: boolean;
}

const ACCORDS = 50;
const ZONES = 8;
const APPEND_BATCH = 5000;

const shardHolders = async (app: ChildApp): Promise<string[]> => {
  const { components } = (await (await fetch(`${app.url}/health`)).json()) as { components: Record<string, { detail?: string }> };
  return Object.entries(components)
    .filter(([name, c]) => /^projector(\/|$)/.test(name) && c.detail === 'active')
    .map(([name]) => name);
};

/** The largest lag of any shard behind the store's last position. */
async function maxLag(db: DataSource): Promise<number> {
  const [{ lag }] = await db.query(
    `SELECT coalesce((SELECT max(position) FROM events), 0) - min(max_position) AS lag
     FROM checkpoints WHERE name = 'projector' OR name LIKE 'projector/%'`,
  );
  return Number(lag);
}

function incidents(events: number, mode: Mode) {
  const now = new Date();
  return syntheticIncidents({ count: events, seed: 24, prefix: 'shard' }).map((incident, n) => {
    if (mode === 'own-country') (incident.location as { country: string }).country = country(n % ACCORDS);
    const result = validateObservation(incident, now);
    if (!result.ok) throw new Error(`bench incident invalid: ${JSON.stringify(result.errors)}`);
    return toEvent(result.observation);
  });
}

async function run(mode: Mode, instances: number, events: number): Promise<ShardRun> {
  const dir = mkdtempSync(join(tmpdir(), 'cfm-bench-shards-'));
  accordsOf(ACCORDS, mode, ZONES).forEach((accord, i) => writeFileSync(join(dir, `bench-${i}.json`), JSON.stringify(accord)));
  const database = await createTestDatabase();
  const db = await openDatabase(database.url, 2);
  const apps: ChildApp[] = [];
  try {
    const env = (name: string) => ({
      DATABASE_URL: database.url,
      ACCORDS_DIR: dir,
      LOG_LEVEL: 'warn',
      PROJECTOR_SHARDS: String(instances),
      INSTANCE_NAME: name,
    });
    for (let i = 0; i < instances; i++) apps.push(await startChildApp(env(`bench-${i}`), freePort()));
    // every instance holding one shard, the accords' definitions projected
    for (;;) {
      const held = await Promise.all(apps.map(shardHolders));
      if (held.every((h) => h.length === 1) && (await maxLag(db)) === 0) break;
      await sleep(200);
    }
    const prepared = incidents(events, mode);
    const store = new EventStore(db);
    const before = apps.map((app) => cpuSeconds(app.process.pid!));
    const started = performance.now();
    for (let at = 0; at < prepared.length; at += APPEND_BATCH) await store.append(prepared.slice(at, at + APPEND_BATCH));
    while ((await maxLag(db)) > 0) await sleep(100);
    const seconds = (performance.now() - started) / 1000;
    const perInstance = await Promise.all(
      apps.map(async (app, i) => ({
        name: `bench-${i}`,
        shards: await shardHolders(app),
        cpuUsPerEvent: ((cpuSeconds(app.process.pid!) - before[i]) * 1e6) / events,
      })),
    );
    await Promise.all(apps.map((app) => app.kill('SIGTERM')));
    const live = await snapshotProjections(db);
    await rebuildNow(db);
    const equalToRebuild = Object.keys(diffSnapshots(live, await snapshotProjections(db))).length === 0;
    return { mode, instances, events, seconds, perInstance, equalToRebuild };
  } finally {
    await Promise.all(apps.map((app) => app.kill('SIGKILL')));
    await db.destroy();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One instance, then three, for each way of scoping the accords. */
export async function shardScaling(events: number, log: (line: string) => void): Promise<ShardRun[]> {
  const runs: ShardRun[] = [];
  for (const mode of ['same-actors', 'own-country'] as Mode[]) {
    for (const instances of [1, 3]) {
      const result = await run(mode, instances, events);
      log(`shards: ${mode}, ${instances} instance(s): ${result.perInstance.map((p) => p.cpuUsPerEvent.toFixed(1)).join(' / ')} µs/event`);
      runs.push(result);
    }
  }
  return runs;
}
