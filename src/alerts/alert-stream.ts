import { MessageEvent } from '@nestjs/common';
import { Observable, endWith, ignoreElements, interval, map, merge, share, takeUntil } from 'rxjs';
import { AlertTransition } from '../compliance/alerts';
import { Checkpoint, StoredEvent } from '../event-store/event.types';

/** An SSE comment: clients ignore it, and it keeps proxies from closing an idle stream. */
export const KEEP_ALIVE: MessageEvent = { comment: 'keep-alive' };

/** The SSE id of a transition, `{alertId}:{transition}`: the alert id as the ack route takes it, the transition a stored int. */
const EVENT_ID = /^([A-Za-z0-9_-]{1,128}):([1-9][0-9]{0,8})$/;

export interface TransitionRef {
  alertId: string;
  transition: number;
}

/** A `Last-Event-ID` header of our shape, or null (absent or malformed: the stream is live only). */
export function parseEventId(header: string | undefined): TransitionRef | null {
  const match = header === undefined ? null : EVENT_ID.exec(header.trim());
  return match ? { alertId: match[1], transition: Number(match[2]) } : null;
}

export interface ReplaySource {
  /** where the client's last transition sits in the store, null when none is stored under it */
  start(): Promise<Checkpoint | null>;
  /** one page of stored transitions after a checkpoint, in store order */
  page(after: Checkpoint, limit: number): Promise<StoredEvent[]>;
}

const isAfter = (event: Checkpoint, checkpoint: Checkpoint) =>
  BigInt(event.txId) > BigInt(checkpoint.txId) || (event.txId === checkpoint.txId && BigInt(event.position) > BigInt(checkpoint.position));

/**
 * The stored transitions after the client's last one, then live ones. Live is subscribed
 * first and held while the replay pages through the store, so nothing committed meanwhile
 * falls between the two. A live transition at or before the last one the client has (in store
 * order, where each `(id, transition)` is one row) is a repeat and dropped: the replay read it,
 * or the client had it from an instance whose feed was ahead of this one's.
 */
export function resumed(live: Observable<StoredEvent>, replay: ReplaySource, pageSize: number): Observable<StoredEvent> {
  return new Observable<StoredEvent>((subscriber) => {
    let held: StoredEvent[] | null = [];
    let sent: Checkpoint | null = null;
    const pass = (event: StoredEvent) => {
      if (!sent || isAfter(event, sent)) subscriber.next(event);
    };
    const subscription = live.subscribe({
      next: (event) => (held ? held.push(event) : pass(event)),
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    (async () => {
      sent = await replay.start();
      while (sent && !subscriber.closed) {
        const events = await replay.page(sent, pageSize);
        events.forEach((event) => subscriber.next(event));
        if (events.length > 0) sent = events[events.length - 1];
        if (events.length < pageSize) break;
      }
      const waiting = held ?? [];
      held = null;
      waiting.forEach(pass);
    })().catch((error) => subscriber.error(error));
    return subscription;
  });
}

/** One SSE event per transition, and a keep-alive comment every `keepAliveMs` until the transitions end (at shutdown). */
export function sseEvents(transitions: Observable<StoredEvent>, keepAliveMs: number): Observable<MessageEvent> {
  const alerts = transitions.pipe(
    map((event): MessageEvent => {
      const alert = event.data as AlertTransition;
      return { id: `${alert.id}:${alert.transition}`, type: 'alert', data: alert };
    }),
    share(),
  );
  const ended = alerts.pipe(ignoreElements(), endWith(null));
  return merge(
    alerts,
    interval(keepAliveMs).pipe(
      map(() => KEEP_ALIVE),
      takeUntil(ended),
    ),
  );
}
