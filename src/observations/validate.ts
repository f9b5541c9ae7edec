import { firstUnstorable, MAX_DEPTH } from '../database/storable';
import { MAX_OBSERVATION_BYTES, Observation, observationSchema } from './observation';
import { uncertaintyRejections } from './uncertainty';

/** Why an observation was refused: the field (dotted path, `(root)` for the whole) and the reason. */
export interface Rejection {
  field: string;
  reason: string;
}

export type Validated = { ok: true; observation: Observation } | { ok: false; errors: Rejection[] };

/** The reasons as one line (`field: reason; ...`), as the DLQ header and the CLI print them. */
export const describeRejection = (errors: readonly Rejection[]) => errors.map((e) => `${e.field}: ${e.reason}`).join('; ');

const DAY_MS = 86_400_000;
const reject = (field: string, reason: string): Validated => ({ ok: false, errors: [{ field, reason }] });
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The instant an `occurredAt` names; a bare date is taken at its earliest (UTC+14) start. */
function earliestInstant(occurredAt: string): number {
  return occurredAt.length === 10 ? Date.parse(`${occurredAt}T00:00:00+14:00`) : Date.parse(occurredAt);
}

/** The one validator every channel (Kafka, HTTP, CLI) uses. `now` is passed in, never read here. */
export function validateObservation(raw: unknown, now: Date): Validated {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return reject('(root)', 'must be a JSON object');
  }
  const parsed = observationSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        field: issue.path.length ? issue.path.join('.') : '(root)',
        reason: issue.message,
      })),
    };
  }
  const observation = parsed.data;
  const unstorable = firstUnstorable(observation);
  if (unstorable) return reject(unstorable.field, unstorable.reason);
  if (observation.type === 'incident' && earliestInstant(observation.occurredAt) > now.getTime() + DAY_MS) {
    return reject('occurredAt', 'must not be more than one day in the future');
  }
  const uncertain = observation.type === 'incident' ? uncertaintyRejections(observation) : [];
  if (uncertain.length) return { ok: false, errors: uncertain };
  return { ok: true, observation };
}

/** Validates raw message bytes: size, UTF-8, JSON, then the contract. */
export function validateObservationBytes(bytes: Buffer | null, now: Date): Validated {
  if (!bytes || bytes.length === 0) return reject('(root)', 'message is empty');
  if (bytes.length > MAX_OBSERVATION_BYTES) return reject('(root)', `object is over ${MAX_OBSERVATION_BYTES} bytes`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return reject('(root)', 'message is not valid UTF-8');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return reject('(root)', `not valid JSON: ${(error as Error).message}`);
  }
  return validateObservation(raw, now);
}

/** For channels that receive parsed JSON (HTTP, the CLI): the same size limit as for bytes. */
export function validateObservationValue(raw: unknown, now: Date): Validated {
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(raw) ?? '');
  } catch {
    // only nesting deep enough to exhaust the stack makes a parsed value unserialisable
    return reject('(root)', `must not nest more than ${MAX_DEPTH} levels deep`);
  }
  if (size > MAX_OBSERVATION_BYTES) return reject('(root)', `object is over ${MAX_OBSERVATION_BYTES} bytes`);
  return validateObservation(raw, now);
}
