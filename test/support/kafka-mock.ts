import { ChildProcess, spawn } from 'node:child_process';
import { Kafka, KafkaMessage, logLevel } from 'kafkajs';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export interface MockKafka {
  brokers: string[];
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/**
 * librdkafka's mock cluster (Debian's kcat): a real Kafka-protocol broker. Topics auto-create
 * with 4 partitions; it keeps ~5 MB per partition, so tests produce as the consumer goes.
 */
export async function startMockKafka(brokers = 3): Promise<MockKafka> {
  const child = spawn('kcat', ['-b', 'unused', '-X', `test.mock.num.brokers=${brokers}`, '-d', 'mock', '-C', '-t', 'keepalive'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  const servers = await new Promise<string[]>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`the mock Kafka broker printed no bootstrap.servers within 10 s: ${seen.slice(-500)}`)),
      10_000,
    );
    child.once('error', (error) => reject(new Error(`cannot start kcat (is it installed?): ${error.message}`)));
    child.stderr!.on('data', (chunk: Buffer) => {
      if (seen.length < 100_000) seen += chunk.toString();
      const match = /bootstrap\.servers=(\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].split(','));
      }
    });
  });
  child.stderr!.resume(); // keep draining its debug output
  return {
    brokers: servers,
    async stop() {
      running.delete(child);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export function testKafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'test', brokers, logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 200 } });
}

/** Reads a topic from the beginning with a fresh group until `count` messages arrived (or the timeout). */
export async function collectMessages(
  brokers: string[],
  topic: string,
  { count, timeoutMs = 30_000, settleMs = 0 }: { count: number; timeoutMs?: number; settleMs?: number },
): Promise<KafkaMessage[]> {
  const consumer = testKafka(brokers).consumer({ groupId: `collect-${topic}-${Date.now()}-${Math.random()}` });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          messages.push(message);
          if (messages.length >= count) {
            clearTimeout(timer);
            // wait a little longer: anything beyond `count` is a duplicate the test must see
            setTimeout(resolve, settleMs);
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
