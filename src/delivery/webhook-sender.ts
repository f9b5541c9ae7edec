import { DataSource, EntityManager } from 'typeorm';
import { Logger } from 'pino';
import { Metrics } from '../observability/metrics';
import { SingleWriter } from '../projections/single-writer';
import { claim, Delivery, postpone, settle } from './delivery-queue';
import { outcomeOf, post } from './post';
import { receiverId, redact } from './receivers';
import { retryDelayMs } from './retry-schedule';
import { signedHeaders } from './webhook-signature';

/** Messages in flight to one receiver at most: different alert keys are independent. */
const IN_FLIGHT = 20;

/**
 * Delivers one receiver's queue: its own loop, so a dead or hanging receiver (each attempt
 * ends at the timeout) holds back only its own messages of the same alert key. A claim is a
 * lease in the table, not a lock, so every instance may run it, and no connection is held
 * while a receiver takes its time.
 */
export class WebhookSender {
  private readonly writer: SingleWriter;
  private readonly receiver: string;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly options: { url: string; secret: string; timeoutMs: number },
  ) {
    this.receiver = receiverId(options.url);
    this.writer = new SingleWriter(`webhook:${this.receiver}`, dataSource, logger, (runner) => this.dispatch(runner.manager), {
      exclusive: false,
      idleMs: 500,
    });
  }

  start(): void {
    this.writer.start();
  }

  /** Attempts under way end now and are due again at once. */
  async stop(): Promise<void> {
    await this.writer.stop();
    this.stopping.abort();
    await Promise.all(this.inFlight);
  }

  wake(): void {
    this.writer.wake();
  }

  private async dispatch(manager: EntityManager): Promise<boolean> {
    const room = IN_FLIGHT - this.inFlight.size;
    if (room <= 0) return false;
    // the lease outlasts an attempt, so a message is sent again only when its sender died
    const claimed = await claim(manager, this.receiver, 2 * this.options.timeoutMs + 5000, room);
    for (const delivery of claimed) {
      const attempt = this.deliver(delivery)
        .catch((error) =>
          this.logger.warn(
            { err: error, receiver: redact(this.options.url) },
            'webhook delivery could not be recorded; its lease will run out and it is sent again',
          ),
        )
        .finally(() => {
          this.inFlight.delete(attempt);
          this.writer.wake();
        });
      this.inFlight.add(attempt);
    }
    return claimed.length > 0;
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const { url, secret, timeoutMs } = this.options;
    const result = await post(url, delivery.body, signedHeaders(secret, delivery.body, new Date()), timeoutMs, this.stopping.signal);
    const manager = this.dataSource.manager;
    // cut short by shutdown: not the receiver's failure, so due again at once for the next start
    if (this.stopping.signal.aborted) return postpone(manager, delivery.id, delivery.attempts, 0);
    const outcome = outcomeOf(result);
    this.metrics.notifications.inc({ channel: 'webhook', outcome: outcome === 'sent' ? 'sent' : 'failed' });
    const context = {
      receiver: redact(url),
      alertId: delivery.alertId,
      transition: delivery.transition,
      reason: 'status' in result ? `answered ${result.status}` : result.error,
    };
    if (outcome === 'sent') return settle(manager, delivery.id);
    if (outcome === 'skip') {
      this.logger.warn(context, 'webhook receiver refused the message; skipped');
      return settle(manager, delivery.id);
    }
    const attempts = delivery.attempts + 1;
    const retryInMs = retryDelayMs(attempts);
    this.logger.warn({ ...context, attempts, retryInMs }, 'webhook delivery failed; will retry');
    return postpone(manager, delivery.id, attempts, retryInMs);
  }
}
