import { MAX_BACKLOG, streamIncidents } from '../feed';
import { Ledger } from './ledger';
import { ObservationStream } from './observations';

/** Each kcat producer takes this many seconds of messages, so a long run spawns few of them. */
const SEGMENT_SECONDS = 10;
/** Messages go out a tenth of a second's worth at a time. */
const STEPS_PER_SECOND = 10;

export interface FeedOptions {
  brokers: string[];
  topic: string;
  rate: number;
  until: number;
  stream: ObservationStream;
  ledger: Ledger;
  /** observations the monitor has finished, for the backlog bound */
  consumed: () => number;
}

/**
 * Produces `rate` messages a second until `until` (Date.now() time), recorded in the ledger
 * first. streamIncidents holds back while sent - consumed() > MAX_BACKLOG; handing it
 * min(consumed, the paced allowance - MAX_BACKLOG) makes that bound the pace as well.
 * Resolves with the number produced.
 */
export async function feedAtRate({ brokers, topic, rate, until, stream, ledger, consumed }: FeedOptions): Promise<number> {
  const started = Date.now();
  const allowance = () => ((Date.now() - started) / 1000) * rate;
  let sent = 0;
  while (Date.now() < until) {
    const seconds = Math.min(SEGMENT_SECONDS, (until - Date.now()) / 1000);
    const { chunks, identities } = stream.next(Math.max(1, Math.round(seconds * rate)), Math.max(1, Math.round(rate / STEPS_PER_SECOND)));
    await ledger.record(identities);
    const before = sent;
    await streamIncidents(brokers, topic, chunks, () => Math.min(consumed(), allowance() - MAX_BACKLOG) - before);
    sent += identities.length;
  }
  return sent;
}
