import { INestApplication } from '@nestjs/common';
import { appPort } from '../../src/app.factory';

export const baseUrl = (app: INestApplication) => `http://127.0.0.1:${appPort(app)}`;

/** One sample of /metrics by name and labels (0 when absent). */
export async function metric(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (wanted.every((label) => line.includes(label))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

/** The intake's counts by outcome, from /metrics. */
export async function observationCounts(url: string): Promise<{ accepted: number; duplicate: number; rejected: number }> {
  const count = (outcome: string) => metric(url, 'ceasefire_observations_total', { outcome });
  return { accepted: await count('accepted'), duplicate: await count('duplicate'), rejected: await count('rejected') };
}

export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function json<T = any>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as T };
}
