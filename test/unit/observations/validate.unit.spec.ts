import { MAX_DEPTH } from '../../../src/database/storable';
import { validateObservation, validateObservationValue } from '../../../src/observations/validate';

const now = new Date('2020-04-15T00:00:00Z');
const incident = (extra: Record<string, unknown> = {}) => ({
  type: 'incident',
  id: 'i-1',
  source: 'unama',
  occurredAt: '2020-03-02',
  category: 'attack',
  ...extra,
});
const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : [nested(depth - 1)]);
const refusal = (raw: unknown) => {
  const result = validateObservation(raw, now);
  return result.ok ? null : result.errors;
};

describe('validateObservation: what PostgreSQL cannot store is refused, naming the field', () => {
  it('refuses U+0000 or an unpaired surrogate in free text, in an extra field, or in its name', () => {
    expect(refusal(incident({ notes: 'a\u0000b' }))).toEqual([
      { field: 'notes', reason: 'must not contain U+0000 or an unpaired surrogate' },
    ]);
    expect(refusal(incident({ location: { place: 'x\ud800' } }))?.[0].field).toBe('location.place');
    expect(refusal(incident({ extra: { list: ['ok', '\udc00'] } }))?.[0].field).toBe('extra.list.1');
    expect(refusal(incident({ 'na\u0000me': 1 }))).toEqual([
      { field: 'na\\u0000me', reason: 'its name must not contain U+0000 or an unpaired surrogate' },
    ]);
    expect(refusal(incident({ ['k\ud800']: 1 }))?.[0].field).toBe('k\ufffd');
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} levels, and keeps what is within it`, () => {
    expect(refusal(incident({ deep: nested(MAX_DEPTH - 1) }))).toBeNull();
    const [error] = refusal(incident({ deep: nested(MAX_DEPTH) }))!;
    expect(error.field).toBe(['deep', ...Array(MAX_DEPTH - 1).fill('0')].join('.'));
    expect(error.reason).toBe(`must not nest more than ${MAX_DEPTH} levels deep`);
  });

  it('refuses dates before 1900 (PostgreSQL has no year 0; Date.UTC reads 0-99 as 19xx), naming the field', () => {
    expect(refusal(incident({ occurredAt: '0000-01-01' }))).toEqual([{ field: 'occurredAt', reason: 'must be 1900-01-01 or later' }]);
    expect(refusal(incident({ occurredAt: '0999-06-15T12:00:00Z' }))).toEqual([
      { field: 'occurredAt', reason: 'must be 1900-01-01 or later' },
    ]);
    expect(refusal(incident({ reportedAt: '1899-12-31T23:00:00Z' }))?.[0].field).toBe('reportedAt');
    const aggregate = {
      type: 'aggregate',
      id: 'a-1',
      source: 'unama',
      metric: 'attacks',
      period: { from: '0000-01-01', to: '2020-01-01' },
      value: 1,
    };
    expect(refusal(aggregate)?.[0]).toEqual({ field: 'period.from', reason: 'must be 1900-01-01 or later' });
    expect(refusal(incident({ occurredAt: '1900-01-01' }))).toBeNull();
  });

  it('refuses nesting deep enough to exhaust the stack with a 400-style reason, not an exception', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    const result = validateObservationValue(incident({ deep }), now);
    expect(result.ok ? null : result.errors).toEqual([{ field: '(root)', reason: `must not nest more than ${MAX_DEPTH} levels deep` }]);
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
