import { fork } from 'node:child_process';
import { join } from 'node:path';
import { Producer } from 'kafkajs';
import { CpuUse, meterCpu } from './cpu-use';
import { createTopic, incidentLines, sleep, streamIncidents } from './feed';

export interface Throughput {
  events: number;
  seconds: number;
  perSecond: number;
  cpu?: CpuUse;
}

export const throughput = (events: number, seconds: number, cpu?: CpuUse): Throughput => ({
  events,
  seconds,
  perSecond: events / seconds,
  cpu,
});

/**
 * Streams `total` incidents to a baseline running in its own process and times it from the
 * first produce until the baseline reports every message done, metering the CPU it took.
 */
export async function runBaseline(
  name: string,
  brokers: string[],
  databaseUrl: string,
  producer: Producer,
  total: number,
): Promise<Throughput> {
  const topic = `bench.${name}.${Date.now()}`;
  const child = fork(join(__dirname, 'pipelines/child.js'), [name, brokers.join(','), topic, databaseUrl], { stdio: 'inherit' });
  let done = 0;
  let ready = false;
  child.on('message', (message: { done?: number; ready?: boolean }) => {
    if (message.ready) ready = true;
    if (message.done !== undefined) done = message.done;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const lines = incidentLines(total, name);
  try {
    await createTopic(producer, topic);
    while (!ready) {
      if (child.exitCode !== null) throw new Error(`${name} exited early with ${child.exitCode}`);
      await sleep(20);
    }
    const cpu = meterCpu(child.pid!);
    const started = await streamIncidents(brokers, topic, lines, () => done);
    while (done < total) {
      if (child.exitCode !== null) throw new Error(`${name} exited early with ${child.exitCode}`);
      await sleep(5);
    }
    return throughput(total, (performance.now() - started) / 1000, cpu(total));
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}
