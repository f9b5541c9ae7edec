import { DataSource, QueryRunner } from 'typeorm';
import { Logger } from 'pino';
import { ComponentState } from '../observability/health';

/**
 * Runs work that must have one writer across all instances (the projector, the outbox relay):
 * it holds a PostgreSQL session advisory lock on a dedicated connection; the others stand by
 * and retry, so one takes over within `standbyMs` of the holder's death.
 */
export class SingleWriter {
  private runner: QueryRunner | null = null;
  private running = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private state: ComponentState = { status: 'degraded', detail: 'starting' };

  constructor(
    private readonly name: string,
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    /** one unit of work; true when it did something (so run again at once) */
    private readonly work: (runner: QueryRunner, acquired: boolean) => Promise<boolean>,
    private readonly options = { idleMs: 250, standbyMs: 2000, maxBackoffMs: 10_000 },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await this.releaseLock();
  }

  wake(): void {
    this.wakeUp?.();
  }

  health(): ComponentState {
    return this.state;
  }

  private async run(): Promise<void> {
    let backoff = 200;
    while (this.running) {
      try {
        const acquired = !this.runner;
        if (acquired && !(await this.acquire())) {
          this.state = { status: 'up', detail: 'standby: another instance holds the lock' };
          await this.sleep(this.options.standbyMs);
          continue;
        }
        const busy = await this.work(this.runner!, acquired);
        this.state = { status: 'up', detail: 'active' };
        backoff = 200;
        if (!busy) await this.sleep(this.options.idleMs);
      } catch (error) {
        this.state = { status: 'degraded', detail: `${this.name} retrying: ${(error as Error).message}` };
        this.logger.warn({ err: error, writer: this.name, backoffMs: backoff }, 'single writer failed; backing off');
        await this.releaseLock();
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs);
      }
    }
  }

  private async acquire(): Promise<boolean> {
    this.runner = await tryLock(this.dataSource, this.name);
    if (this.runner) this.logger.info({ writer: this.name }, 'acquired single-writer lock');
    return this.runner !== null;
  }

  private async releaseLock(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    if (runner) await unlock(runner, this.name);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

/** A dedicated connection holding the named session lock, or null when another holds it. */
export async function tryLock(dataSource: DataSource, name: string): Promise<QueryRunner | null> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [`ceasefire-monitor:${name}`]);
    if (row.locked) return runner;
  } catch (error) {
    await runner.release().catch(() => undefined);
    throw error;
  }
  await runner.release();
  return null;
}

export async function unlock(runner: QueryRunner, name: string): Promise<void> {
  await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`ceasefire-monitor:${name}`]).catch(() => undefined);
  await runner.release().catch(() => undefined);
}
