import { NewEvent } from './event.types';

/**
 * Within one batch, an event is sent to the store only if it outranks every earlier event of
 * the same (stream, key) in that batch; the rest are duplicates before any I/O. This keeps
 * the outcome of a message the same whether it arrives alone or in a batch of thousands.
 * Returns the indexes of the events to send, in order.
 */
export function planAppend(events: readonly NewEvent[]): number[] {
  const highest = new Map<string, number>();
  const send: number[] = [];
  events.forEach((event, index) => {
    const identity = `${event.stream}\u0000${event.key}`;
    const seen = highest.get(identity);
    if (seen !== undefined && seen >= event.revision) return;
    highest.set(identity, event.revision);
    send.push(index);
  });
  return send;
}
