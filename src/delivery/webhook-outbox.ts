import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { AlertTransition } from '../compliance/alerts';
import { EventStore } from '../event-store/event-store';
import { advance, loadCheckpoint, saveCheckpoint } from '../projections/checkpoints';
import { SingleWriter } from '../projections/single-writer';
import { unflushedCommit } from '../projections/unflushed-commit';
import { enqueue } from './delivery-queue';
import { unsentTransitions } from './unsent-transitions';

const NAME = 'webhook-outbox';
const PAGE = 500;

/**
 * Copies each stored alert transition into every receiver's queue (the deliveries table),
 * moving its own checkpoint in the same transaction, so the relay is untouched and a crash
 * copies nothing twice. One instance does it, so the queues keep the outbox's order.
 */
export class WebhookOutbox {
  private readonly writer: SingleWriter;

  constructor(
    private readonly dataSource: DataSource,
    store: EventStore,
    logger: Logger,
    receivers: readonly string[],
    exclusive: boolean,
    /** called after new messages are queued */
    queued: () => void,
  ) {
    this.writer = new SingleWriter(
      NAME,
      dataSource,
      logger,
      async (runner) => {
        const checkpoint = await loadCheckpoint(runner.manager, NAME);
        const events = await store.readAlertTransitionsAfter(checkpoint, PAGE, runner.manager);
        if (events.length === 0) return false;
        await unflushedCommit(runner, async () => {
          await enqueue(
            runner.manager,
            receivers,
            events.map((e) => e.data as AlertTransition),
          );
          await saveCheckpoint(runner.manager, NAME, advance(checkpoint, events));
        });
        queued();
        return true;
      },
      { exclusive },
    );
  }

  start(): void {
    this.writer.start();
  }

  stop(): Promise<void> {
    return this.writer.stop();
  }

  wake(): void {
    this.writer.wake();
  }

  health() {
    return this.writer.health();
  }

  /** Stored transitions not yet queued. */
  pending(): Promise<number> {
    return unsentTransitions(this.dataSource.manager, NAME);
  }
}
