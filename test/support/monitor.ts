import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { createTestDatabase } from './database';
import { baseUrl } from './http';
import { MockKafka, startMockKafka } from './kafka-mock';

export interface TestMonitor {
  app: INestApplication;
  url: string;
  kafka: MockKafka | null;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** The monitor in process on a fresh database, with a fresh mock broker unless `kafka: false`. */
export async function startTestMonitor(env: Record<string, string> = {}, options: { kafka?: boolean } = {}): Promise<TestMonitor> {
  const [kafka, db] = await Promise.all([options.kafka === false ? null : startMockKafka(), createTestDatabase()]);
  const app = await createApp({
    DATABASE_URL: db.url,
    ...(kafka ? { KAFKA_BROKERS: kafka.brokers.join(',') } : {}),
    PORT: '0',
    ACCORDS_DIR: join(__dirname, '../../accords'),
    LOG_LEVEL: 'silent',
    ...env,
  });
  return {
    app,
    url: baseUrl(app),
    kafka,
    databaseUrl: db.url,
    async stop() {
      await app.close();
      await Promise.all([kafka?.stop(), db.drop()]);
    },
  };
}
