import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { Logger } from 'pino';
import { IntakeHold } from '../backpressure/intake-hold.service';
import { CLOCK, Clock } from '../config/clock';
import { CONFIG, Config } from '../config/config';
import { FEED_PRODUCER, KAFKA } from '../kafka/kafka.module';
import { PartitionLanes } from '../kafka/partition-lanes';
import { HealthRegistry } from '../observability/health';
import { LOGGER } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { Backoff } from '../resilience/backoff';
import { APPEND_OBSERVER, AppendObserver } from './append-observer';
import { ConsumerPhase, consumerHealth } from './consumer-phase';
import { DeadLetter, deadLetter, deadLetterSends } from './dead-letter';
import { AppendObservations, AppendObservationsResult } from './intake.command';
import { Observation } from './observation';
import { appendIsolating, refusalReason } from './refusals';
import { validateObservationBytes } from './validate';

/** At most this many messages per append, so memory stays bounded whatever the fetch size. */
export const MAX_APPEND = 5000;

/** A message that passed validation, kept beside what it became so the store can still refuse it. */
interface Valid {
  observation: Observation;
  message: KafkaMessage;
}

interface BatchOffsets {
  topic: string;
  partition: number;
  first: string;
  last: string;
  highWatermark: string;
}

/**
 * The Kafka adapter: a consumer group on the incidents topic. Each batch is validated, its
 * valid messages appended in one command and its invalid ones dead-lettered; only then are
 * its offsets committed (at-least-once in, exactly once in effect since appends are
 * idempotent). A partition's batches are stored one after another while the next is fetched
 * and validated (PartitionLanes). While the database is down it holds the batch, backs off and retries; if
 * kafkajs gives up on the consumer (a broker outage), it is started again.
 */
@Injectable()
export class ObservationsKafkaConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: Consumer | null = null;
  private phase: ConsumerPhase = { kind: 'starting' };
  private stopping = false;
  private starting = false;
  private readonly lanes = new PartitionLanes();

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka | null,
    @Inject(FEED_PRODUCER) private readonly producer: Producer | null,
    private readonly commands: CommandBus,
    private readonly metrics: Metrics,
    private readonly health: HealthRegistry,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APPEND_OBSERVER) private readonly appendObserver: AppendObserver,
    private readonly hold: IntakeHold,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.kafka || !this.producer) return;
    this.health.register('kafka-consumer', () => consumerHealth(this.phase, this.hold.holding ? this.hold.reason() : undefined));
    this.hold.onChange(() => this.applyHold());
    const consumer = this.kafka.consumer({
      groupId: this.config.KAFKA_GROUP_ID,
      sessionTimeout: this.config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: Math.floor(this.config.KAFKA_SESSION_TIMEOUT_MS / 10),
      maxWaitTimeInMs: this.config.KAFKA_MAX_WAIT_MS,
      maxBytesPerPartition: 2 * 1024 * 1024,
      maxBytes: 8 * 1024 * 1024,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => (this.phase = { kind: 'consuming' }));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) {
        this.phase = { kind: 'restarting', error: payload.error.message };
        return;
      }
      // kafkajs restarts only after errors it deems retriable. After a broker outage longer
      // than the session timeout, committing offsets fails with "the coordinator is not aware
      // of this member", which it does not retry, and the consumer would stay stopped for good.
      this.phase = { kind: 'stopped', reason: 'crashed', error: payload.error.message };
      this.keepStarting(true);
    });
    consumer.on(consumer.events.DISCONNECT, () => {
      if (this.phase.kind !== 'stopped') this.phase = { kind: 'disconnected' };
    });
    // Not awaited: joining the group can take a whole session timeout (a member that crashed
    // is waited for), and the HTTP server, /health with it, must not wait that long.
    this.keepStarting(false);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.lanes.drain(); // a batch being appended is stored and its offsets committed first
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private async start(): Promise<void> {
    const consumer = this.consumer!;
    await consumer.connect();
    await consumer.subscribe({ topic: this.config.KAFKA_TOPIC_INCIDENTS, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.config.KAFKA_PARTITIONS_CONCURRENTLY,
      eachBatch: (payload) => this.consume(payload),
    });
    this.applyHold();
  }

  /**
   * Stops fetching while intake is held and fetches again once it is let go; a batch already
   * fetched is still stored. kafkajs forgets a pause when the consumer starts again, so `start`
   * applies it too.
   */
  private applyHold(): void {
    const topics = [{ topic: this.config.KAFKA_TOPIC_INCIDENTS }];
    try {
      if (this.hold.holding) this.consumer?.pause(topics);
      else this.consumer?.resume(topics);
    } catch {
      // not running yet: `start` applies it once it is
    }
  }

  /**
   * Starts the consumer (after a first back-off when it was running and stopped), backing off
   * (1 s to 30 s) while the brokers cannot be reached. One loop at a time: kafkajs may report
   * a crash while a failed start is handled.
   */
  private keepStarting(afterBackoff: boolean): void {
    if (this.starting) return;
    this.starting = true;
    void (async () => {
      const backoff = new Backoff(1000, 30_000);
      for (let wait = afterBackoff; !this.stopping; wait = true) {
        if (wait) await sleep(backoff.next());
        if (this.stopping) break;
        try {
          await this.start();
          break;
        } catch (error) {
          this.phase = { kind: 'stopped', reason: 'cannot start', error: (error as Error).message, retryMs: backoff.peek() };
          await this.consumer!.disconnect().catch(() => undefined);
        }
      }
      this.starting = false;
    })();
  }

  /**
   * Validates a batch and queues it behind the partition's previous one, then returns once
   * that one is stored: kafkajs fetches the next batch while this one is appended, and a
   * partition holds at most two (one being stored, one waiting).
   */
  private async consume({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const stillOwner = () => isRunning() && !isStale() && !this.stopping;
    for (let start = 0; start < batch.messages.length; start += MAX_APPEND) {
      if (!stillOwner()) return;
      const messages = batch.messages.slice(start, start + MAX_APPEND);
      const now = this.clock.now();
      const valid: Valid[] = [];
      const rejected: DeadLetter[] = [];
      for (const message of messages) {
        const result = validateObservationBytes(message.value, now);
        if (result.ok) valid.push({ observation: result.observation, message });
        else rejected.push(deadLetter(topic, partition, message, result.errors));
      }
      const offsets = {
        topic,
        partition,
        first: messages[0].offset,
        last: messages[messages.length - 1].offset,
        highWatermark: batch.highWatermark,
      };
      const stored = await this.lanes.enqueue(`${topic}\u0000${partition}`, () =>
        this.store(valid, rejected, offsets, heartbeat, stillOwner),
      );
      // The batch before was given up, and the fetch position moved back to it: this one comes again.
      if (!stored) return;
      resolveOffset(offsets.last); // the fetch position: offsets are committed by `store`
    }
  }

  /**
   * Appends the valid, dead-letters the rejected (and any message the database refuses for
   * what it holds, which no retry would store), then commits the offsets. If it gives up (the
   * partition was lost, the consumer stops or the commit failed) it moves the fetch position
   * back to the batch, since the batches after it were fetched already, and resolves false.
   */
  private async store(
    valid: Valid[],
    rejected: DeadLetter[],
    at: BatchOffsets,
    heartbeat: () => Promise<void>,
    stillOwner: () => boolean,
  ): Promise<boolean> {
    const { topic, partition, last } = at;
    let letters = rejected;
    try {
      const done = await this.durably(
        async () => {
          const refused = await appendIsolating(
            valid,
            (items) => this.commands.execute(new AppendObservations(items.map((v) => v.observation))) as Promise<AppendObservationsResult>,
          );
          letters = [
            ...rejected,
            ...refused.map(({ item, error }) =>
              deadLetter(topic, partition, item.message, [{ field: '(root)', reason: refusalReason(error) }]),
            ),
          ];
          if (refused.length > 0)
            this.logger.warn(
              { topic, partition, offsets: refused.map(({ item }) => item.message.offset) },
              'the event store refused messages; dead-lettered',
            );
          for (const messages of deadLetterSends(letters))
            await this.producer!.send({ topic: this.config.KAFKA_TOPIC_DLQ, acks: -1, messages });
        },
        heartbeat,
        stillOwner,
      );
      if (!done) throw new Error('the partition was given up before the batch was stored');
      this.appendObserver.appended();
      for (const letter of letters) this.metrics.deadLettered.inc({ field: letter.headers['x-field'] });
      this.metrics.countObservations(letters.map(() => 'rejected' as const));
      await this.consumer!.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
      this.metrics.consumerLag.set({ topic, partition: String(partition) }, Math.max(Number(at.highWatermark) - Number(last) - 1, 0));
      return true;
    } catch (error) {
      this.logger.info(
        { err: { message: (error as Error).message }, topic, partition, offset: at.first },
        'batch given up; it is fetched again from its first offset',
      );
      try {
        this.consumer!.seek({ topic, partition, offset: at.first });
      } catch {
        // not running: the next run fetches from the last committed offset
      }
      return false;
    }
  }

  /** Retries `work` with exponential backoff (200 ms to 10 s) while the database or broker refuses it. */
  private async durably(work: () => Promise<void>, heartbeat: () => Promise<void>, stillOwner: () => boolean): Promise<boolean> {
    const backoff = new Backoff(200, 10_000);
    for (;;) {
      try {
        await work();
        if (this.phase.kind === 'paused') this.phase = { kind: 'consuming' };
        return true;
      } catch (error) {
        const delay = backoff.next();
        this.phase = { kind: 'paused', error: (error as Error).message, retryMs: delay };
        this.logger.warn(
          { err: { message: (error as Error).message }, backoffMs: delay },
          'append failed; holding the batch and backing off',
        );
        await sleep(delay);
        await heartbeat().catch(() => undefined);
        if (!stillOwner()) return false;
      }
    }
  }
}
