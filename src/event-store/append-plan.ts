import { NewEvent } from './event.types';

/**
 * Within one batch, an event is sent to the store only if it outranks every earlier event of
 * the same (stream, key) in that batch; the rest are duplicates before any I/O. This keeps
 * the outcome of a message the same whether it arrives alone or in a batch of thousands.
 */
export function planAppend(events: readonly NewEvent[]): { send: number[]; duplicate: Set<number> } {
  const highest = new Map<string, number>();
  const send: number[] = [];
  const duplicate = new Set<number>();
  events.forEach((event, index) => {
    const identity = `${event.stream}\u0000${event.key}`;
    const seen = highest.get(identity);
    if (seen !== undefined && seen >= event.revision) {
      duplicate.add(index);
      return;
    }
    highest.set(identity, event.revision);
    send.push(index);
  });
  return { send, duplicate };
}
