import { MAX_OBSERVATION_BYTES, Observation, observationSchema } from './observation';

/** Why an observation was refused: the field (dotted path, `(root)` for the whole) and the reason. */
export interface Rejection {
  field: string;
  reason: string;
}

export type Validated = { ok: true; observation: Observation } | { ok: false; errors: Rejection[] };

/** The reasons as one line (`field: reason; ...`), as the DLQ header and the CLI print them. */
export const describeRejection = (errors: readonly Rejection[]) => errors.map((e) => `${e.field}: ${e.reason}`).join('; ');

const DAY_MS = 86_400_000;
/** Far below where PostgreSQL's jsonb parser runs out of stack (~5,000-30,000 levels). */
export const MAX_DEPTH = 32;
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
  const unstorable = unstorableIn(observation, 0);
  if (unstorable) return reject(unstorable.path.reverse().join('.') || '(root)', unstorable.reason);
  if (observation.type === 'incident' && earliestInstant(observation.occurredAt) > now.getTime() + DAY_MS) {
    return reject('occurredAt', 'must not be more than one day in the future');
  }
  return { ok: true, observation };
}

/**
 * The first value PostgreSQL's jsonb would refuse, in a field the schema lets through (notes,
 * extra fields): U+0000 or an unpaired surrogate in a string or a name, or nesting past
 * MAX_DEPTH. Refused here, naming the field, so the store never refuses what validation
 * accepted (a refused append would hold the Kafka partition). The path comes back reversed.
 */
function unstorableIn(value: unknown, depth: number): { path: string[]; reason: string } | null {
  if (typeof value === 'string') return storable(value) ? null : { path: [], reason: 'must not contain U+0000 or an unpaired surrogate' };
  if (typeof value !== 'object' || value === null) return null;
  if (depth === MAX_DEPTH) return { path: [], reason: `must not nest more than ${MAX_DEPTH} levels deep` };
  for (const key in value) {
    const found = storable(key)
      ? unstorableIn((value as Record<string, unknown>)[key], depth + 1)
      : { path: [], reason: 'its name must not contain U+0000 or an unpaired surrogate' };
    if (found) {
      found.path.push(key.replace(UNSTORABLE_GLOBAL, (c) => (c === '\0' ? '\\u0000' : '\uFFFD')));
      return found;
    }
  }
  return null;
}

/** U+0000, or a surrogate not in a pair (in a `u` expression a pair is one code point). */
const UNSTORABLE = /[\0\p{Cs}]/u;
const UNSTORABLE_GLOBAL = new RegExp(UNSTORABLE, 'gu');
const storable = (text: string) => !UNSTORABLE.test(text);

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

/** For channels that receive parsed JSON (HTTP): the same size limit as for bytes. */
export function validateObservationValue(raw: unknown, now: Date): Validated {
  const size = Buffer.byteLength(JSON.stringify(raw) ?? '');
  if (size > MAX_OBSERVATION_BYTES) return reject('(root)', `object is over ${MAX_OBSERVATION_BYTES} bytes`);
  return validateObservation(raw, now);
}
