import { MessageEvent } from '@nestjs/common';
import { Subject, firstValueFrom, toArray } from 'rxjs';
import { parseEventId, resumed, sseEvents } from '../../../src/alerts/alert-stream';
import { Checkpoint, StoredEvent } from '../../../src/event-store/event.types';

/** A stored transition of alert `id` at store position `n` (one transaction per event, as the projector's batches would order them). */
const stored = (n: number, id = `al_${n}`, transition = 1): StoredEvent => ({
  position: String(n),
  txId: String(1000 + n),
  type: 'alert.transitioned',
  stream: '~alert',
  key: id,
  revision: transition,
  data: { id, transition },
  recordedAt: '2026-01-01 00:00:00+00',
});
const STORE = Array.from({ length: 7 }, (_, i) => stored(i + 1));
const after = (checkpoint: Checkpoint, limit: number) => STORE.filter((e) => BigInt(e.txId) > BigInt(checkpoint.txId)).slice(0, limit);
const ids = (events: StoredEvent[]) => events.map((e) => e.position);
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the alert stream', () => {
  it('reads an SSE id {alertId}:{transition}, and nothing else', () => {
    expect(parseEventId('al_0f3a:2')).toEqual({ alertId: 'al_0f3a', transition: 2 });
    expect(parseEventId(' al_0f3a:12 ')).toEqual({ alertId: 'al_0f3a', transition: 12 });
    for (const bad of [
      undefined,
      '',
      'al_0f3a',
      'al_0f3a:',
      'al_0f3a:0',
      'al_0f3a:x',
      'al 0f3a:1',
      ':1',
      'a:1:2',
      'a:9999999999',
      `${'a'.repeat(129)}:1`,
    ]) {
      expect(parseEventId(bad)).toBeNull();
    }
  });

  it("resumed: replays the store after the client's last transition a page at a time, holds what goes live meanwhile, and sends each once, in store order", async () => {
    const live = new Subject<StoredEvent>();
    const pages: Checkpoint[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const got: StoredEvent[] = [];
    const subscription = resumed(
      live,
      {
        start: async () => STORE[1],
        page: async (from, limit) => {
          pages.push(from);
          await gate;
          return after(from, limit);
        },
      },
      2,
    ).subscribe((e) => got.push(e));
    // the feed, behind the replay, passes events the replay also reads, then one past the store
    live.next(STORE[4]);
    live.next(STORE[6]);
    const later = stored(8);
    live.next(later);
    await tick();
    expect(got).toEqual([]);
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ids(got)).toEqual(['3', '4', '5', '6', '7', '8']);
    expect(pages.map((p) => p.position)).toEqual(['2', '4', '6']); // the last page came back short
    live.next(STORE[6]); // a lagging feed repeats one the client has
    live.next(stored(9));
    expect(ids(got)).toEqual(['3', '4', '5', '6', '7', '8', '9']);
    subscription.unsubscribe();
    expect(live.observed).toBe(false);
  });

  it('resumed: a client already up to date gets only later live transitions, even from a feed behind the instance it came from', async () => {
    const live = new Subject<StoredEvent>();
    const got: StoredEvent[] = [];
    resumed(live, { start: async () => STORE[6], page: async (from, limit) => after(from, limit) }, 500).subscribe((e) => got.push(e));
    live.next(STORE[5]);
    await tick();
    live.next(STORE[6]);
    live.next(stored(8));
    expect(ids(got)).toEqual(['8']);
  });

  it('resumed: an id naming no stored transition means live only', async () => {
    const live = new Subject<StoredEvent>();
    const got: StoredEvent[] = [];
    const page = jest.fn();
    resumed(live, { start: async () => null, page }, 500).subscribe((e) => got.push(e));
    live.next(STORE[0]);
    await tick();
    live.next(STORE[1]);
    expect(ids(got)).toEqual(['1', '2']);
    expect(page).not.toHaveBeenCalled();
  });

  it('sends an event per transition with the id {alertId}:{transition}, keep-alive comments while idle, and ends when the transitions end', async () => {
    const live = new Subject<StoredEvent>();
    const messages: Promise<MessageEvent[]> = firstValueFrom(sseEvents(live, 30).pipe(toArray()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    live.next(stored(3, 'al_x', 2));
    live.complete();
    const sent = await messages;
    expect(sent.filter((m) => m.comment === 'keep-alive').length).toBeGreaterThanOrEqual(2);
    expect(
      sent.every(
        (m) =>
          m.comment === undefined || (m.comment === 'keep-alive' && m.data === undefined && m.id === undefined && m.type === undefined),
      ),
    ).toBe(true);
    expect(sent[sent.length - 1]).toEqual({ id: 'al_x:2', type: 'alert', data: { id: 'al_x', transition: 2 } });
  });
});
