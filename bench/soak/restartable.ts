import { ChildApp, startChildApp } from '../../test/support/child-app';
import { monitorProgress, ProgressWatch, RssWatch } from '../monitor-run';

/** The monitor as the soak runs it: one process at a time, killed and restarted on the same database and consumer group. */
export class RestartableMonitor {
  kills = 0;
  /** the highest resident memory each process reached, one entry per process */
  readonly peaksMb: number[] = [];
  /** seconds from each kill until the restarted process finished an observation again (its consumer rejoined the group) */
  readonly resumeSeconds: number[] = [];
  private killedAt = 0;
  private app!: ChildApp;
  private watch!: ProgressWatch;
  private rss!: RssWatch;
  private appendedBefore = 0;

  constructor(
    private readonly env: Record<string, string>,
    private port: number,
  ) {}

  async start(): Promise<void> {
    this.app = await startChildApp(this.env, this.port);
    if (this.app.process.exitCode !== null) throw new Error(`the monitor exited: ${this.app.output().slice(-2000)}`);
    this.port = Number(new URL(this.app.url).port);
    this.watch = new ProgressWatch(this.app.url, 200);
    this.rss = new RssWatch(this.app.process.pid!);
  }

  get url(): string {
    return this.app.url;
  }

  /** Observations finished (appended or duplicate) over every process so far; redeliveries after a kill count again. */
  consumed(): number {
    return this.appendedBefore + this.watch.latest.appended;
  }

  progress() {
    return monitorProgress(this.url);
  }

  /** V8's used heap, from prom-client's default metrics on /metrics */
  async heapMb(): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    return Number(/^ceasefire_nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1] ?? 0) / 2 ** 20;
  }

  rssMb(): number {
    return this.rss.nowMb();
  }

  async killAndRestart(): Promise<void> {
    await this.retire('SIGKILL');
    this.kills += 1;
    this.killedAt = Date.now();
    await this.start();
  }

  /** Called as time passes: notes when the process restarted after the last kill is consuming again. */
  noteResume(): void {
    if (this.killedAt === 0 || this.watch.latest.appended === 0) return;
    this.resumeSeconds.push((Date.now() - this.killedAt) / 1000);
    this.killedAt = 0;
  }

  async stop(): Promise<void> {
    await this.retire('SIGTERM');
  }

  private async retire(signal: NodeJS.Signals): Promise<void> {
    if (this.app.process.exitCode !== null || this.app.process.signalCode !== null) return;
    await this.watch.stop();
    this.appendedBefore += this.watch.latest.appended;
    this.watch.latest = { appended: 0, store: 0, projection: 0 };
    this.peaksMb.push(this.rss.peakMb());
    await this.app.kill(signal);
  }
}
