/**
 * What PostgreSQL's jsonb and text refuse, checked where input comes in so the store never
 * refuses what validation accepted: U+0000, a surrogate not in a pair (in a `u` expression a
 * pair is one code point), and nesting past MAX_DEPTH (its JSON parser runs out of stack
 * somewhere between 5,000 and 30,000 levels).
 */
export const MAX_DEPTH = 32;
const UNSTORABLE = /[\0\p{Cs}]/u;
const UNSTORABLE_GLOBAL = new RegExp(UNSTORABLE, 'gu');

export const storable = (text: string) => !UNSTORABLE.test(text);
export const UNSTORABLE_TEXT = 'must not contain U+0000 or an unpaired surrogate';

/** The first value in `value` PostgreSQL would refuse, as a dotted field path and a reason. */
export function firstUnstorable(value: unknown): { field: string; reason: string } | null {
  const found = unstorableIn(value, 0);
  return found && { field: found.path.reverse().join('.') || '(root)', reason: found.reason };
}

/** The path comes back reversed, so nothing is allocated on the way down. */
function unstorableIn(value: unknown, depth: number): { path: string[]; reason: string } | null {
  if (typeof value === 'string') return storable(value) ? null : { path: [], reason: UNSTORABLE_TEXT };
  if (typeof value !== 'object' || value === null) return null;
  if (depth === MAX_DEPTH) return { path: [], reason: `must not nest more than ${MAX_DEPTH} levels deep` };
  for (const key in value) {
    const found = storable(key)
      ? unstorableIn((value as Record<string, unknown>)[key], depth + 1)
      : { path: [], reason: `its name ${UNSTORABLE_TEXT}` };
    if (found) {
      found.path.push(key.replace(UNSTORABLE_GLOBAL, (c) => (c === '\0' ? '\\u0000' : '\uFFFD')));
      return found;
    }
  }
  return null;
}
