import { sleep } from '../feed';

export interface PollStats {
  ok: number;
  notModified: number;
  /** refused, timed out or not 200/304: expected while the monitor restarts */
  failed: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * `clients` dashboards polling `paths` every one to two seconds, each remembering the ETags
 * it was given, until `until` (Date.now() time) or `stop` aborts; `url()` follows restarts.
 */
export function startPollers(
  clients: number,
  paths: string[],
  url: () => string,
  until: number,
  stop: AbortSignal,
): { stats: PollStats; done: Promise<void> } {
  const stats: PollStats = { ok: 0, notModified: 0, failed: 0 };
  const rounds = Math.ceil((until - Date.now()) / 1000) + 1;
  const poller = async () => {
    const etags = new Map<string, string>();
    for (let round = 0; round < rounds && Date.now() < until && !stop.aborted; round++) {
      for (const path of paths) await get(path, etags, url(), stats, stop);
      await sleep(1000 + Math.random() * 1000);
    }
  };
  return { stats, done: Promise.all(Array.from({ length: clients }, poller)).then(() => undefined) };
}

async function get(path: string, etags: Map<string, string>, base: string, stats: PollStats, stop: AbortSignal): Promise<void> {
  const known = etags.get(path);
  try {
    const response = await fetch(`${base}${path}`, {
      headers: known ? { 'if-none-match': known } : {},
      signal: AbortSignal.any([stop, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
    await response.arrayBuffer();
    if (response.status === 304) stats.notModified += 1;
    else if (response.status === 200) stats.ok += 1;
    else stats.failed += 1;
    const etag = response.headers.get('etag');
    if (etag) etags.set(path, etag);
  } catch {
    stats.failed += 1;
  }
}
