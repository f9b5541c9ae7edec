import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startChildApp } from '../test/support/child-app';
import { syntheticIncidents } from '../test/support/synthetic';
import { sleep } from './feed';
import { ProgressWatch, RssWatch } from './monitor-run';

const YEARS = 10;
const BATCH = 1000;

/** A 90-day reduction against a pre-accord baseline, the shape whose newest-first feed once ran away. */
const ACCORD = `id: reverse-history
name: Ten years fed newest first
signedAt: 2018-01-01
timezone: Africa/Porto-Novo
parties: [taliban]
commitments:
  - id: reduce-violence
    kind: reduction
    metric: attacks
    filter: { actor: taliban }
    window: { days: 90 }
    baseline: pre-accord
    threshold: { atRiskPct: 0, breachPct: 10 }
    minEvents: 20
`;

export interface ReverseHistory {
  events: number;
  years: number;
  seconds: number;
  /** resident memory (VmRSS) three seconds after the start, before any observation */
  idleRssMb: number;
  /** the high-water mark over the whole run, start included */
  peakRssMb: number;
}

/**
 * `count` incidents over ten years posted newest first, as ACLED exports a history, to a
 * monitor on its own store (`store`: DATABASE_URL, or DATA_DIR for the embedded default);
 * its peak RSS until the projections have caught up.
 */
export async function reverseHistory(store: Record<string, string>, count: number): Promise<ReverseHistory> {
  const accords = mkdtempSync(join(tmpdir(), 'cfm-bench-accords-'));
  writeFileSync(join(accords, 'reverse-history.yaml'), ACCORD);
  const incidents = syntheticIncidents({ count, seed: 7, from: '2013-01-01', days: YEARS * 365, prefix: 'rev' });
  incidents.sort((a, b) => (String(a.occurredAt) < String(b.occurredAt) ? 1 : -1));
  const monitor = await startChildApp(
    { ...store, ACCORDS_DIR: accords, RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '1000000' },
    freePort(),
  );
  const rss = new RssWatch(monitor.process.pid!);
  const watch = new ProgressWatch(monitor.url);
  try {
    await sleep(3000);
    const idleRssMb = rss.nowMb();
    const started = performance.now();
    for (let i = 0; i < incidents.length; i += BATCH) {
      const response = await fetch(`${monitor.url}/observations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(incidents.slice(i, i + BATCH)),
      });
      if (response.status !== 202) throw new Error(`POST /observations answered ${response.status}: ${await response.text()}`);
    }
    const finished = await watch.caughtUp(count, monitor);
    return { events: count, years: YEARS, seconds: (finished - started) / 1000, idleRssMb, peakRssMb: rss.peakMb() };
  } finally {
    await watch.stop();
    await monitor.kill('SIGTERM');
    rmSync(accords, { recursive: true, force: true });
  }
}
