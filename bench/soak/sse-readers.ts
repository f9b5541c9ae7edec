import { sleep } from '../feed';

export interface SseStats {
  connects: number;
  /** alert events received, over every reader */
  events: number;
  /** events a reader had already received: a resume that replayed too much */
  repeats: number;
  /** distinct alert transitions each reader has seen */
  seenByReader: number[];
}

/** A cap on connections per reader, far above one per restart, so a reader that cannot connect gives up. */
const MAX_CONNECTS = 1000;

/**
 * `readers` dashboards holding GET /alerts/stream, each reconnecting when cut with the
 * Last-Event-ID of the last event it received, until `stop` aborts; `url()` follows restarts.
 */
export function startSseReaders(readers: number, url: () => string, stop: AbortSignal): { stats: SseStats; done: Promise<void> } {
  const stats: SseStats = { connects: 0, events: 0, repeats: 0, seenByReader: Array(readers).fill(0) };
  const reader = async (index: number) => {
    const seen = new Set<string>();
    let lastId: string | undefined;
    for (let attempt = 0; attempt < MAX_CONNECTS && !stop.aborted; attempt++) {
      try {
        const response = await fetch(`${url()}/alerts/stream`, {
          headers: { accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) },
          signal: stop,
        });
        stats.connects += 1;
        for await (const id of eventIds(response.body as unknown as AsyncIterable<Uint8Array>)) {
          stats.events += 1;
          if (seen.has(id)) stats.repeats += 1;
          seen.add(id);
          stats.seenByReader[index] = seen.size;
          lastId = id;
        }
      } catch {
        // cut by a kill (or by stop): reconnect below
      }
      await sleep(500);
    }
  };
  return { stats, done: Promise.all(Array.from({ length: readers }, (_, i) => reader(i))).then(() => undefined) };
}

/** The `id:` of each event in a text/event-stream (keep-alive comments carry none). */
async function* eventIds(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of body) {
    text += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const id = /^id: ?(.*)$/m.exec(text.slice(0, end))?.[1];
      text = text.slice(end + 2);
      if (id) yield id;
    }
  }
}
