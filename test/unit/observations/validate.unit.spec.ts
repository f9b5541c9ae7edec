import { MAX_DEPTH, validateObservation, validateObservationValue } from '../../../src/observations/validate';

const now = new Date('2020-04-15T00:00:00Z');
const incident = (extra: Record<string, unknown> = {}) => ({
  type: 'incident', id: 'i-1', source: 'unama', occurredAt: '2020-03-02', category: 'attack', ...extra,
});
const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : [nested(depth - 1)]);
const refusal = (raw: unknown) => {
  const result = validateObservation(raw, now);
  return result.ok ? null : result.errors;
};

describe('validateObservation: what PostgreSQL cannot store is refused, naming the field', () => {
  it('refuses U+0000 or an unpaired surrogate in free text, in an extra field, or in its name', () => {
    expect(refusal(incident({ notes: 'a\u0000b' }))).toEqual([{ field: 'notes', reason: 'must not contain U+0000 or an unpaired surrogate' }]);
    expect(refusal(incident({ location: { place: 'x\ud800' } }))?.[0].field).toBe('location.place');
    expect(refusal(incident({ extra: { list: ['ok', '\udc00'] } }))?.[0].field).toBe('extra.list.1');
    expect(refusal(incident({ 'na\u0000me': 1 }))).toEqual([{ field: 'na\\u0000me', reason: 'its name must not contain U+0000 or an unpaired surrogate' }]);
    expect(refusal(incident({ ['k\ud800']: 1 }))?.[0].field).toBe('k\ufffd');
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} levels, and keeps what is within it`, () => {
    expect(refusal(incident({ deep: nested(MAX_DEPTH - 1) }))).toBeNull();
    const [error] = refusal(incident({ deep: nested(MAX_DEPTH) }))!;
    expect(error.field).toBe(['deep', ...Array(MAX_DEPTH - 1).fill('0')].join('.'));
    expect(error.reason).toBe(`must not nest more than ${MAX_DEPTH} levels deep`);
  });

  it('keeps surrogate pairs (an emoji), other control characters and every script', () => {
    expect(refusal(incident({ notes: 'حمله 😀 \u0001\t', place: '喀布尔' }))).toBeNull();
  });

  it('holds the 64 KiB limit for parsed objects too (HTTP and the CLI)', () => {
    const result = validateObservationValue(incident({ padding: 'p'.repeat(66_000) }), now);
    expect(result.ok ? null : result.errors[0]).toEqual({ field: '(root)', reason: 'object is over 65536 bytes' });
    expect(validateObservationValue(incident(), now).ok).toBe(true);
  });
});
