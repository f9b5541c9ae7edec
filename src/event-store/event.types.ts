/**
 * Every fact the monitor keeps is one row of the append-only event store. Identity is
 * `(stream, key, revision)`: for observations stream = the observation's `source` and key its
 * `id`; for the monitor's own facts stream is `~accord`, `~alert` or `~verdict`.
 */
export type EventType =
  | 'incident'
  | 'aggregate'
  | 'retraction'
  | 'accord.defined'
  | 'accord.retired'
  | 'alert.transitioned'
  | 'alert.acknowledged'
  | 'verdict.changed';

export interface NewEvent {
  type: EventType;
  stream: string;
  key: string;
  revision: number;
  data: unknown;
}

export interface StoredEvent extends NewEvent {
  /** global position (bigint as a decimal string: it can pass 2^53) */
  position: string;
  /** the appending transaction's id; the read order is (txId, position), see readAfter */
  txId: string;
  /** as PostgreSQL prints a timestamptz (ISO, with its offset): left as text, since parsing a Date per event read costs and only an accord's definition uses it */
  recordedAt: string;
}

export type AppendOutcome = 'accepted' | 'duplicate';

/** Where a reader has got to: the last (txId, position) it has committed. */
export interface Checkpoint {
  txId: string;
  position: string;
}

export const START: Checkpoint = { txId: '0', position: '0' };
