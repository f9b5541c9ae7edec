import { Config } from '../config/config';
import { ComponentState } from '../observability/health';

/** Where notifications link to: PUBLIC_URL, else the monitor on this host. */
export function publicUrl(config: Config): string {
  return config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}

/** A channel is as healthy as its worst worker; its backlog is in the detail. */
export function channelHealth(workers: readonly ComponentState[], backlog: number): ComponentState {
  const worst = workers.find((w) => w.status !== 'up') ?? workers[0];
  return { status: worst?.status ?? 'up', detail: `backlog ${backlog}${worst?.detail ? `; ${worst.detail}` : ''}` };
}
