import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';
import { ChildApp, freePort, startChildApp } from '../support/child-app';
import { MockKafka, startMockKafka } from '../support/kafka-mock';
import { PrivatePostgres, startPrivatePostgres } from '../support/private-postgres';
import { diffSnapshots, rebuildNow, snapshotProjections } from '../support/projections';
import { bucketTotals, checkAlerts, planStream, produce, sleep, storedObservations, storeDifferences, waitUntilSettled } from './harness';

const OUTAGE_MS = 15_000;

interface HealthSample {
  status: number;
  database?: string;
  consumer?: string;
}

async function health(app: ChildApp): Promise<HealthSample> {
  try {
    const response = await fetch(`${app.url}/health`, { signal: AbortSignal.timeout(5000) });
    const body = (await response.json()) as { components: Record<string, { status: string; detail?: string }> };
    return { status: response.status, database: body.components.database?.status, consumer: body.components['kafka-consumer']?.detail };
  } catch (error) {
    return { status: 0, consumer: `no answer: ${(error as Error).message}` };
  }
}

/**
 * PostgreSQL outage (issue 5, item 3): the monitor's database, a private cluster of the
 * test's own, stopped (pg_ctl stop -m immediate) for 15 s mid-stream and started again. The
 * consumer holds its batch and backs off, /health answers 503 with the database down, the
 * process stays up, and afterwards nothing is lost or counted twice.
 */
describe('PostgreSQL outage', () => {
  let postgres: PrivatePostgres;
  let kafka: MockKafka;
  let db: DataSource | null = null;
  let monitor: ChildApp | null = null;

  beforeAll(async () => {
    [postgres, kafka] = await Promise.all([startPrivatePostgres(), startMockKafka()]);
  });
  afterAll(async () => {
    await monitor?.kill('SIGKILL');
    await db?.destroy().catch(() => undefined);
    await kafka?.stop();
    postgres?.destroy();
  });

  it('pauses the consumer while the database is gone for 15 s, reports it in /health, then resumes and loses nothing', async () => {
    const plan = planStream({ total: 30_000, seed: 45, prefix: 'pg-outage' });
    monitor = await startChildApp(
      { DATABASE_URL: postgres.url, KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_SESSION_TIMEOUT_MS: '6000' },
      freePort(),
    );
    const app = monitor;
    db = await openDatabase(postgres.url, 2);

    const outage = (async () => {
      while ((await storedObservations(db!)) < plan.rows.size * 0.3) await sleep(50);
      const storedAtStop = await storedObservations(db!);
      postgres.stop();
      const stoppedAt = Date.now();
      const during: HealthSample[] = [];
      while (Date.now() - stoppedAt < OUTAGE_MS) {
        during.push(await health(app));
        await sleep(250);
      }
      const aliveThroughout = app.process.exitCode === null && app.process.signalCode === null;
      postgres.start();
      const startedAt = Date.now();
      const outageMs = startedAt - stoppedAt;
      while ((await storedObservations(db!)) <= storedAtStop) await sleep(100);
      const resumedAfterMs = Date.now() - startedAt;
      const after = await health(app);
      return { storedAtStop, during, aliveThroughout, outageMs, resumedAfterMs, after };
    })();
    await Promise.all([produce(kafka.brokers, plan, { db: () => db! }), outage]);
    const { storedAtStop, during, aliveThroughout, outageMs, resumedAfterMs, after } = await outage;
    await waitUntilSettled(db, plan, 120_000);

    // Mid-stream, and the process rode it out.
    expect(storedAtStop).toBeGreaterThan(0);
    expect(storedAtStop).toBeLessThan(plan.rows.size);
    expect(aliveThroughout).toBe(true);
    expect(app.process.exitCode).toBeNull();
    // /health: 503 with the database down while it was gone, answered every time (no hang)...
    expect(during.filter((s) => s.status === 503 && s.database === 'down').length).toBeGreaterThan(during.length / 2);
    expect(during.filter((s) => s.status === 0)).toEqual([]);
    // ...the consumer holding its batch and backing off (growing retry delays), never crashing...
    const delays = during
      .map((s) => /^paused: .*retrying in (\d+) ms$/.exec(s.consumer ?? ''))
      .filter(Boolean)
      .map((m) => Number(m![1]));
    expect(delays.length).toBeGreaterThan(0);
    expect(Math.max(...delays)).toBeGreaterThan(Math.min(...delays));
    expect(during.filter((s) => /crash/.test(s.consumer ?? ''))).toEqual([]);
    // ...and everything up again afterwards.
    expect(after).toMatchObject({ status: 200, database: 'up' });

    expect(await storeDifferences(db, plan)).toEqual({ missing: [], unexpected: [], total: plan.rows.size });
    expect(await bucketTotals(db)).toEqual({ totals: plan.totals, groups: plan.groups, claims: plan.claims });
    const alerts = await checkAlerts(kafka.brokers, db);
    expect(alerts).toMatchObject({ missing: [], unknown: [], conflicting: [], outOfOrder: [], tableMismatches: [] });

    await monitor.kill('SIGTERM');
    monitor = null;
    const live = await snapshotProjections(db);
    await rebuildNow(db);
    expect(diffSnapshots(live, await snapshotProjections(db))).toEqual({});

    console.log(
      `postgres outage: ${plan.sent.messages} messages -> ${plan.rows.size} observations; database stopped at ${storedAtStop} stored for ${outageMs} ms; ` +
        `${during.length} /health samples during it, ${during.filter((s) => s.status === 503).length} of them 503; consumer retry delays seen ${[...new Set(delays)].join(', ')} ms; ` +
        `appending again ${resumedAfterMs} ms after the restart; ${alerts.transitions} alert transitions`,
    );
  });
});
