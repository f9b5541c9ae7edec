import { DataSource, QueryRunner } from 'typeorm';
import { Logger } from 'pino';
import { ComponentState } from '../observability/health';
import { Backoff } from '../resilience/backoff';

export interface SingleWriterOptions {
  idleMs: number;
  standbyMs: number;
  maxBackoffMs: number;
  /**
   * true: hold a dedicated connection with a session advisory lock (PostgreSQL, several
   * instances). false: borrow a connection per unit of work, no lock (the embedded database,
   * one process, one shared connection; or work every instance does for itself, the alert feed).
   */
  exclusive: boolean;
  /** Where the writer is one of several an instance spreads with others (projector shards): whether it may take its lock, and must give it back. */
  share?: WriterShare;
}

export interface WriterShare {
  mayTake(): boolean;
  shouldRelease(): boolean;
  took(): void;
  released(): void;
}

/**
 * Runs work that must have one writer across all instances (the projector, the outbox relay):
 * it holds a PostgreSQL session advisory lock on a dedicated connection; the others stand by
 * and retry, so one takes over within `standbyMs` of the holder's death.
 */
export class SingleWriter {
  private runner: QueryRunner | null = null;
  private fresh = true;
  private running = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private state: ComponentState = { status: 'degraded', detail: 'starting' };
  private readonly options: SingleWriterOptions;

  constructor(
    private readonly name: string,
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    /** one unit of work; `fresh` on the first unit after (re)gaining the lock; true when it did something */
    private readonly work: (runner: QueryRunner, fresh: boolean) => Promise<boolean>,
    options: Partial<SingleWriterOptions> = {},
  ) {
    this.options = { idleMs: 250, standbyMs: 2000, maxBackoffMs: 10_000, exclusive: true, ...options };
  }

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

  /** Whether this writer holds its lock now. */
  holds(): boolean {
    return this.runner !== null;
  }

  private async run(): Promise<void> {
    const backoff = new Backoff(200, this.options.maxBackoffMs);
    while (this.running) {
      try {
        const busy = this.options.exclusive ? await this.underLock() : await this.borrowing();
        if (busy === null) {
          this.state = { status: 'up', detail: 'standby: another instance holds the lock' };
          await this.sleep(this.options.standbyMs);
          continue;
        }
        this.state = { status: 'up', detail: 'active' };
        backoff.reset();
        if (!busy) await this.sleep(this.options.idleMs);
      } catch (error) {
        this.state = { status: 'degraded', detail: `${this.name} retrying: ${(error as Error).message}` };
        const delay = backoff.next();
        this.logger.warn({ err: error, writer: this.name, backoffMs: delay }, 'single writer failed; backing off');
        await this.releaseLock();
        this.fresh = true;
        await this.sleep(delay);
      }
    }
  }

  /** null: another instance holds the lock. */
  private async underLock(): Promise<boolean | null> {
    const share = this.options.share;
    if (!this.runner) {
      if (share && !share.mayTake()) return null;
      this.runner = await tryLock(this.dataSource, this.name);
      if (!this.runner) return null;
      share?.took();
      this.logger.info({ writer: this.name }, 'acquired single-writer lock');
      this.fresh = true;
    }
    const busy = await this.unit(this.runner);
    if (share?.shouldRelease()) {
      this.logger.info({ writer: this.name }, 'released single-writer lock to an instance with fewer');
      await this.releaseLock();
      return null;
    }
    return busy;
  }

  private async borrowing(): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      return await this.unit(runner);
    } finally {
      await runner.release();
    }
  }

  private async unit(runner: QueryRunner): Promise<boolean> {
    const busy = await this.work(runner, this.fresh);
    this.fresh = false;
    return busy;
  }

  private async releaseLock(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    if (!runner) return;
    this.options.share?.released();
    await unlock(runner, this.name);
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
