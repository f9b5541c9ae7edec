import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parse } from 'yaml';
import { openDatabase } from '../../src/database/data-source';
import { shardNames, shardOf } from '../../src/projections/shards';
import { ChildApp, freePort, ROOT, startChildApp } from '../support/child-app';
import { createTestDatabase } from '../support/database';
import { MockKafka } from '../support/kafka-mock';
import { startMockKafkaWithTopics } from '../support/kafka-mock-topics';
import { KafkaProxy, startKafkaProxy } from '../support/tcp-proxy';
import { diffSnapshots, rebuildNow, snapshotProjections } from '../support/projections';
import { bucketTotals, checkAlerts, planStream, produce, sleep, storedObservations, storeDifferences, waitUntilSettled } from './harness';

const SHARDS = 3;
const PER_SHARD = 3;
const ZONES = ['Asia/Kabul', 'Asia/Kathmandu', 'Europe/Kyiv'];

/** The shipped accord copied under ids that give each shard `PER_SHARD` accords, each shard's first in Kabul. */
function shardedAccords(): Record<string, unknown>[] {
  const base = parse(readFileSync(join(ROOT, 'accords/us-taliban-2020.yaml'), 'utf8'));
  const byShard: string[][] = Array.from({ length: SHARDS }, () => []);
  for (let n = 0; byShard.some((ids) => ids.length < PER_SHARD); n++) {
    const ids = byShard[shardOf(`chaos-${n}`, SHARDS)];
    if (ids.length < PER_SHARD) ids.push(`chaos-${n}`);
  }
  return byShard.flatMap((ids) => ids.map((id, i) => ({ ...base, id, timezone: ZONES[i % ZONES.length] })));
}

/** The shards an instance says it holds ('active'), by name. */
async function held(app: ChildApp): Promise<string[]> {
  try {
    const { components } = (await (await fetch(`${app.url}/health`)).json()) as { components: Record<string, { detail?: string }> };
    return Object.entries(components)
      .filter(([name, c]) => /^projector(\/|$)/.test(name) && c.detail === 'active')
      .map(([name]) => name);
  } catch {
    return [];
  }
}

async function consuming(app: ChildApp): Promise<boolean> {
  const { components } = (await (await fetch(`${app.url}/health`)).json()) as { components: Record<string, { detail?: string }> };
  return components['kafka-consumer']?.detail === 'consuming';
}

async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
  return Date.now() - started;
}

const checkpointOf = async (db: DataSource, name: string): Promise<bigint> => {
  const [row] = await db.query(`SELECT max_position::text AS at FROM checkpoints WHERE name = $1`, [name]);
  return BigInt(row?.at ?? 0);
};

/**
 * Projector shards under load (issue 24): three instances, three shards and nine accords, the
 * holder of shard 0 (the bucket log every shard follows) SIGKILLed mid-stream. A survivor
 * takes the shard within 10 s and moves its checkpoint on, and at the end the store, the
 * buckets, the alerts on their topic and every projection equal what a rebuild makes.
 */
describe('projector shards', () => {
  let kafka: MockKafka;
  let proxy: KafkaProxy;
  let database: { url: string; drop(): Promise<void> };
  let db: DataSource | null = null;
  const apps: ChildApp[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'cfm-chaos-shards-'));
  const accords = shardedAccords();

  beforeAll(async () => {
    for (const accord of accords) writeFileSync(join(dir, `${accord.id}.json`), JSON.stringify(accord));
    [kafka, database] = await Promise.all([startMockKafkaWithTopics(3, { 'ceasefire.incidents': SHARDS * 2 }), createTestDatabase()]);
    proxy = await startKafkaProxy(kafka.brokers, { holdLeaderSyncMs: 1000 });
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.kill('SIGKILL')));
    await db?.destroy();
    await proxy?.close();
    await Promise.all([kafka?.stop(), database?.drop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves a killed instance’s shard to a survivor within 10 s and ends equal to a rebuild', async () => {
    const plan = planStream({ total: 60_000, seed: 24, prefix: 'shards' });
    const env = (name: string) => ({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: proxy.brokers.join(','),
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      ACCORDS_DIR: dir,
      PROJECTOR_SHARDS: String(SHARDS),
      INSTANCE_NAME: name,
    });
    apps.push(...(await Promise.all(['a', 'b', 'c'].map((name) => startChildApp(env(name), freePort())))));
    await until(async () => (await Promise.all(apps.map(held))).every((h) => h.length === 1), 60_000, 'each instance to hold one shard');
    for (const app of apps) await until(() => consuming(app), 60_000, 'every consumer to join the group');
    db = await openDatabase(database.url, 3);

    const scenario = (async () => {
      while ((await storedObservations(db!)) < plan.rows.size * 0.3) await sleep(50);
      const holdings = await Promise.all(apps.map(held));
      const victim = apps[holdings.findIndex((h) => h.includes('projector'))];
      const survivors = apps.filter((app) => app !== victim);
      const storedAtKill = await storedObservations(db!);
      const killedAt = Date.now();
      await victim.kill('SIGKILL');
      const projectedAtKill = await checkpointOf(db!, 'projector');
      const sinceKill = () => Date.now() - killedAt;
      const [taken, advanced] = await Promise.all([
        until(
          async () => (await Promise.all(survivors.map(held))).some((h) => h.includes('projector')),
          30_000,
          'a survivor to take shard 0',
        ).then(sinceKill),
        until(async () => (await checkpointOf(db!, 'projector')) > projectedAtKill, 30_000, 'shard 0 to move again').then(sinceKill),
      ]);
      return { victim, survivors, holdings, storedAtKill, taken, advanced };
    })();

    const [, outcome] = await Promise.all([produce(kafka.brokers, plan, { db: () => db! }), scenario]);
    await waitUntilSettled(db, plan, 180_000, SHARDS);

    // One shard each before the kill; shard 0's holder killed mid-stream, taken over within 10 s.
    expect(outcome.holdings.flat().sort()).toEqual(shardNames(SHARDS).sort());
    expect(outcome.storedAtKill / plan.rows.size).toBeGreaterThan(0.1);
    expect(outcome.storedAtKill / plan.rows.size).toBeLessThan(0.9);
    expect(outcome.taken).toBeLessThan(10_000);
    expect(outcome.advanced).toBeLessThan(10_000);
    expect(outcome.victim.process.signalCode).toBe('SIGKILL');
    expect(outcome.survivors.map((app) => app.process.exitCode)).toEqual([null, null]);
    // The two survivors hold the three shards between them.
    const after = await Promise.all(outcome.survivors.map(held));
    expect(after.flat().sort()).toEqual(shardNames(SHARDS).sort());

    expect(await storeDifferences(db, plan)).toEqual({ missing: [], unexpected: [], total: plan.rows.size });
    expect(await bucketTotals(db)).toEqual({ totals: plan.totals, groups: plan.groups, claims: plan.claims });
    const alerts = await checkAlerts(kafka.brokers, db);
    expect(alerts).toMatchObject({ missing: [], unknown: [], conflicting: [], outOfOrder: [], tableMismatches: [] });
    // Every accord, whichever shard owns it, was judged and alerted on.
    const judged: { accord_id: string }[] = await db.query(`SELECT DISTINCT accord_id FROM alerts ORDER BY 1`);
    expect(judged.map((r) => r.accord_id)).toEqual(accords.map((a) => a.id as string).sort());

    await Promise.all(outcome.survivors.map((app) => app.kill('SIGTERM')));
    const live = await snapshotProjections(db);
    await rebuildNow(db);
    expect(diffSnapshots(live, await snapshotProjections(db))).toEqual({});

    console.log(
      `shards: ${SHARDS} shards over 3 instances, ${accords.length} accords, ${plan.sent.messages} messages -> ${plan.rows.size} observations; ` +
        `SIGKILL of shard 0's holder at ${outcome.storedAtKill} stored: taken over in ${outcome.taken} ms, moving again in ${outcome.advanced} ms; ` +
        `${alerts.transitions} alert transitions; held after: ${after.map((h) => h.sort().join('+')).join(', ')}`,
    );
  });
});
