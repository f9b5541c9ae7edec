import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, Partitioners, Producer } from 'kafkajs';
import { Logger } from 'pino';
import { CONFIG, Config } from '../config/config';
import { HealthRegistry } from '../observability/health';
import { LOGGER } from '../observability/logger';
import { BrokerConnections } from './broker-connections';
import { createKafka, ensureTopics } from './kafka-client';

export const KAFKA = Symbol('Kafka');
export const FEED_PRODUCER = Symbol('FeedProducer');

/** The Kafka client and the one producer (alerts, verdicts, dead letters); both null without KAFKA_BROKERS. */
@Global()
@Module({
  providers: [
    BrokerConnections,
    { provide: KAFKA, inject: [CONFIG, LOGGER, BrokerConnections], useFactory: createKafka },
    {
      provide: FEED_PRODUCER,
      inject: [KAFKA, CONFIG, LOGGER, HealthRegistry, BrokerConnections],
      useFactory: async (
        kafka: Kafka | null,
        config: Config,
        logger: Logger,
        health: HealthRegistry,
        connections: BrokerConnections,
      ): Promise<Producer | null> => {
        if (!kafka) {
          health.register('kafka', () => ({ status: 'disabled', detail: 'KAFKA_BROKERS unset: observations by HTTP and CLI only' }));
          return null;
        }
        // whether the brokers answer at all; the consumer and producer report their own state beside it
        health.register('kafka', () => connections.health());
        await ensureTopics(kafka, config, logger);
        const producer = kafka.producer({
          idempotent: config.KAFKA_IDEMPOTENT,
          allowAutoTopicCreation: true,
          createPartitioner: Partitioners.DefaultPartitioner,
        });
        let state: { connected: boolean; error?: string } = { connected: false };
        producer.on(producer.events.CONNECT, () => (state = { connected: true }));
        producer.on(producer.events.DISCONNECT, () => (state = { connected: false, error: 'disconnected' }));
        producer.on(producer.events.REQUEST_TIMEOUT, () => (state = { ...state, error: 'request timed out' }));
        health.register('kafka-producer', () =>
          state.connected ? { status: 'up' } : { status: 'down', detail: state.error ?? 'not connected' },
        );
        await producer.connect();
        return producer;
      },
    },
  ],
  exports: [KAFKA, FEED_PRODUCER],
})
export class KafkaModule implements OnApplicationShutdown {
  constructor(@Inject(FEED_PRODUCER) private readonly producer: Producer | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
  }
}
