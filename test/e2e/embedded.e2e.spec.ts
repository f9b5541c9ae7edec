import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT, startChildApp } from '../support/child-app';
import { json, metric, waitFor } from '../support/http';
import { openSse } from '../support/sse';

/** The embedded default: no DATABASE_URL, no KAFKA_BROKERS; PGlite keeps its data under DATA_DIR. */
describe('the embedded default', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cfm-embedded-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers /health with no environment set, and keeps its data across a SIGKILL and a restart', async () => {
    const first = await startChildApp({ DATA_DIR: dataDir }, freePort());
    const health = await json(`${first.url}/health`);
    expect(health).toMatchObject({
      status: 200,
      body: { status: 'ok', components: { database: { status: 'up' }, kafka: { status: 'disabled' } } },
    });
    const sent = await json(`${first.url}/observations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        [1, 2, 3].map((n) => ({
          type: 'incident',
          id: `e-${n}`,
          source: 'unama',
          occurredAt: '2020-03-0' + n,
          category: 'attack',
          actor: 'taliban',
        })),
      ),
    });
    expect(sent).toMatchObject({ status: 202, body: { accepted: 3 } });
    await waitFor(
      () => metric(first.url, 'ceasefire_projection_position'),
      (p) => p > 0,
      30_000,
      'projection',
    );
    await first.kill('SIGKILL');

    const second = await startChildApp({ DATA_DIR: dataDir }, freePort());
    try {
      const again = await json(`${second.url}/observations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'incident',
          id: 'e-1',
          source: 'unama',
          occurredAt: '2020-03-01',
          category: 'attack',
          actor: 'taliban',
        }),
      });
      expect(again).toMatchObject({ status: 202, body: { accepted: 0, duplicate: 1 } });
      const windows = await waitFor(
        () => json(`${second.url}/accords/us-taliban-2020/windows?days=3&from=2020-03-03&to=2020-03-03&source=unama`),
        (r) => r.status === 200,
        30_000,
        'windows',
      );
      expect(windows.body.points).toEqual([{ date: '2020-03-03', value: 3, baseline: 0 }]);
    } finally {
      await second.kill();
    }
  });

  it('keeps a second process off its DATA_DIR, and its database off TCP', async () => {
    const ownDir = await mkdtemp(join(tmpdir(), 'cfm-embedded-lock-'));
    const app = await startChildApp({ DATA_DIR: ownDir }, freePort());
    try {
      const pid = app.process.pid!;
      const second = await startChildApp({ DATA_DIR: ownDir }, freePort());
      await second.exited;
      expect(second.process.exitCode).not.toBe(0);
      expect(second.output()).toContain(`DATA_DIR ${ownDir} is in use by process ${pid}`);
      const cli = spawnSync(process.execPath, [join(ROOT, 'bin/ceasefire-monitor.js'), 'rebuild'], {
        env: { PATH: process.env.PATH, DATA_DIR: ownDir },
        encoding: 'utf8',
      });
      expect(cli.status).toBe(2);
      expect(cli.stdout + cli.stderr).toContain(`is in use by process ${pid}`);
      // PGlite trusts every connection as its superuser: the only TCP port the monitor listens on is HTTP
      const listening = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.includes(`pid=${pid},`));
      expect(listening.map((line) => line.split(/\s+/)[3].split(':').pop())).toEqual([new URL(app.url).port]);
      expect((await json(`${app.url}/health`)).status).toBe(200);
    } finally {
      await app.kill();
      await rm(ownDir, { recursive: true, force: true });
    }
  });

  it('feeds the alert stream over its one connection, and resumes it after Last-Event-ID', async () => {
    const ownDir = await mkdtemp(join(tmpdir(), 'cfm-embedded-sse-'));
    const app = await startChildApp({ DATA_DIR: ownDir }, freePort());
    const live = await openSse(`${app.url}/alerts/stream`);
    try {
      const attack = {
        type: 'incident',
        id: 'us-1',
        source: 'unama',
        occurredAt: '2020-03-05',
        category: 'attack',
        actor: 'taliban',
        target: 'us-forces',
      };
      const sent = await json(`${app.url}/observations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(attack),
      });
      expect(sent.status).toBe(202);
      // the prohibition fires for the source and overall
      await live.until((m) => m.filter((e) => e.event === 'alert').length === 2, 30_000, 'two alerts');
      const [first, second] = live.alerts();
      const resumed = await openSse(`${app.url}/alerts/stream`, { 'last-event-id': first.sseId });
      await resumed.until((m) => m.some((e) => e.event === 'alert'), 10_000, 'the replay');
      await new Promise((resolve) => setTimeout(resolve, 600)); // past the feed's next polls: a repeat would have come
      expect(resumed.alerts().map((a) => a.sseId)).toEqual([second.sseId]);
      await resumed.close();
    } finally {
      await live.close();
      await app.kill();
      await rm(ownDir, { recursive: true, force: true });
    }
  });
});
