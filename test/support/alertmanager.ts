import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT } from './child-app';
import { Receiver, startReceiver } from './receiver';

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

/** One webhook notification from Alertmanager (its documented JSON). */
export interface Notification {
  status: 'firing' | 'resolved';
  groupLabels: Record<string, string>;
  alerts: {
    status: 'firing' | 'resolved';
    labels: Record<string, string>;
    annotations: Record<string, string>;
    startsAt: string;
    endsAt: string;
  }[];
}

export interface TestAlertmanager {
  url: string;
  receiver: Receiver;
  notifications(): Notification[];
  stop(): Promise<void>;
}

/**
 * A real Alertmanager (Debian's, installed by global-setup) on a free port, without
 * clustering, running infra/alertmanager.yml with short group timings and its webhook
 * pointed at a receiver in the test.
 */
export async function startAlertmanager(): Promise<TestAlertmanager> {
  const receiver = await startReceiver();
  const dir = mkdtempSync(join(tmpdir(), 'cfm-alertmanager-'));
  const config = parse(readFileSync(join(ROOT, 'infra/alertmanager.yml'), 'utf8'));
  Object.assign(config.route, { group_wait: '1s', group_interval: '1s', repeat_interval: '1h' });
  config.receivers[0].webhook_configs[0].url = receiver.url;
  writeFileSync(join(dir, 'alertmanager.yml'), stringify(config));
  const port = await freePort();
  const child = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-5000)));
  const url = `http://127.0.0.1:${port}`;
  await ready(url, child, () => output);
  return {
    url,
    receiver,
    notifications: () => receiver.received.map((r) => JSON.parse(r.body) as Notification),
    async stop() {
      await stopProcess(child);
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function ready(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (
      await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`alertmanager did not start: ${output()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Alertmanager's own view of its alerts (`GET /api/v2/alerts`). */
export async function alertmanagerAlerts(url: string): Promise<
  {
    labels: Record<string, string>;
    annotations: Record<string, string>;
    updatedAt: string;
    status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
  }[]
> {
  return (await fetch(`${url}/api/v2/alerts`)).json();
}
