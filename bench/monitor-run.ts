import { readFileSync } from 'node:fs';
import { ChildApp } from '../test/support/child-app';
import { meterCpu } from './cpu-use';
import { LineChunk, sleep, streamIncidents } from './feed';
import { throughput, Throughput } from './run-baseline';

export interface MonitorProgress {
  /** accepted + duplicate: durably appended */
  appended: number;
  store: number;
  projection: number;
}

/** What /metrics says about the work: the contract's way to tell that work is done. */
export async function monitorProgress(url: string): Promise<MonitorProgress> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    appended:
      value(/^ceasefire_observations_total\{outcome="accepted"\} (\S+)$/m) +
      value(/^ceasefire_observations_total\{outcome="duplicate"\} (\S+)$/m),
    store: value(/^ceasefire_event_store_position (\S+)$/m),
    projection: value(/^ceasefire_projection_position (\S+)$/m),
  };
}

/** Polls /metrics in the background so the feed can throttle on it. */
export class ProgressWatch {
  latest: MonitorProgress = { appended: 0, store: 0, projection: 0 };
  private running = true;
  private readonly loop: Promise<void>;

  constructor(url: string, everyMs = 50) {
    this.loop = (async () => {
      while (this.running) {
        this.latest = await monitorProgress(url).catch(() => this.latest);
        await sleep(everyMs);
      }
    })();
  }

  /** Resolves when `total` observations are appended and the projections have caught up. */
  async caughtUp(total: number, child: ChildApp): Promise<number> {
    for (;;) {
      const { appended, store, projection } = this.latest;
      if (appended >= total && store > 0 && projection >= store) return performance.now();
      if (child.process.exitCode !== null) throw new Error(`the monitor exited: ${child.output().slice(-2000)}`);
      await sleep(10);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** Samples a process's resident memory; `peakMb` is the kernel's high-water mark (VmHWM). */
export class RssWatch {
  private timer: NodeJS.Timeout;
  maxSampledMb = 0;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => (this.maxSampledMb = Math.max(this.maxSampledMb, this.read('VmRSS'))), 200);
  }

  /** resident memory now (VmRSS) */
  nowMb(): number {
    return this.read('VmRSS');
  }

  peakMb(): number {
    clearInterval(this.timer);
    return Math.max(this.maxSampledMb, this.read('VmHWM'));
  }

  private read(field: string): number {
    try {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  }
}

/** The clock starts once the monitor's consumer holds its partitions, as for the baselines. */
export async function consumerJoined(url: string): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`${url}/health`)).json()) as { components?: Record<string, { detail?: string }> };
    if (health.components?.['kafka-consumer']?.detail === 'consuming') return;
    await sleep(50);
  }
}

/**
 * Streams `lines` to the monitor's topic once its consumer has joined, and times it from the first
 * produce until every observation is appended and projected, metering the CPU it took.
 */
export async function timedIngest(
  monitor: ChildApp,
  brokers: string[],
  topic: string,
  lines: LineChunk[],
  total: number,
): Promise<Throughput> {
  const watch = new ProgressWatch(monitor.url);
  try {
    await consumerJoined(monitor.url);
    const cpu = meterCpu(monitor.process.pid!);
    const started = await streamIncidents(brokers, topic, lines, () => watch.latest.appended);
    const finished = await watch.caughtUp(total, monitor);
    return throughput(total, (finished - started) / 1000, cpu(total));
  } finally {
    await watch.stop();
  }
}
