import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { Logger } from 'pino';
import { Config } from '../config/config';
import { BrokerConnections } from './broker-connections';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * A kafkajs client whose own logs are structured lines of ours, its sockets watched by
 * `connections` (for /health); null when KAFKA_BROKERS is unset.
 */
export function createKafka(config: Config, logger: Logger, connections: BrokerConnections = new BrokerConnections()): Kafka | null {
  if (!config.KAFKA_BROKERS) return null;
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    connectionTimeout: 5000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 },
    socketFactory: connections.socketFactory,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...rest } = log;
        kafkaLogger[LEVELS[level] ?? 'info'](rest, message);
      },
  });
}

/** Topic creation is best effort: a cluster that creates topics on use, or refuses admin requests (the test broker), is fine. */
export async function ensureTopics(kafka: Kafka, config: Config, logger: Logger): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: config.KAFKA_TOPIC_INCIDENTS, numPartitions: 6 },
        { topic: config.KAFKA_TOPIC_DLQ, numPartitions: 1 },
        { topic: config.KAFKA_TOPIC_ALERTS, numPartitions: 6 },
        { topic: config.KAFKA_TOPIC_VERDICTS, numPartitions: 6, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      ],
    });
  } catch (error) {
    logger.warn({ err: { message: (error as Error).message } }, 'could not create Kafka topics; relying on auto-creation');
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
