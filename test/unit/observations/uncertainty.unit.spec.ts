import { OBSERVATION_JSON_SCHEMA } from '../../../src/observations/observation-schema.controller';
import { validateObservation } from '../../../src/observations/validate';

const now = new Date('2020-04-15T00:00:00Z');
const incident = (extra: Record<string, unknown> = {}) => ({
  type: 'incident',
  id: 'i-1',
  source: 'ucdp',
  occurredAt: '2020-03-02',
  category: 'clash',
  killed: { taleban: 3, civilians: 1 },
  ...extra,
});
const refusal = (raw: unknown) => {
  const result = validateObservation(raw, now);
  return result.ok ? null : result.errors;
};

describe('the uncertainty fields (CONTRACT section 9)', () => {
  it('accepts a range holding the recorded date, bounds around the best estimate and a place precision, and keeps them', () => {
    const uncertain = {
      dateRange: { from: '2020-03-01', to: '2020-03-07' },
      killedLow: { taleban: 2, civilians: 1 },
      killedHigh: { taleban: 9 },
      wounded: { civilians: 4 },
      woundedLow: { civilians: 0 },
      woundedHigh: { civilians: 4 },
      placePrecision: 'region',
    };
    const result = validateObservation(incident(uncertain), now);
    expect(result.ok && result.observation).toMatchObject(uncertain);
  });

  it('refuses a range whose from is after its to, naming dateRange.to', () => {
    expect(refusal(incident({ dateRange: { from: '2020-03-08', to: '2020-03-01' } }))).toEqual([
      { field: 'dateRange.to', reason: 'from must not be after to' },
    ]);
  });

  it('refuses a range that does not hold the date of occurredAt, a date-time read by its own date part', () => {
    expect(refusal(incident({ dateRange: { from: '2020-03-03', to: '2020-03-09' } }))).toEqual([
      { field: 'dateRange', reason: 'must hold the date of occurredAt (2020-03-02)' },
    ]);
    const late = { occurredAt: '2020-03-07T23:30:00-05:00', dateRange: { from: '2020-03-01', to: '2020-03-07' } };
    expect(refusal(incident(late))).toBeNull();
    expect(refusal(incident({ ...late, occurredAt: '2020-03-08T00:30:00+04:30' }))?.[0].field).toBe('dateRange');
  });

  it('refuses a range longer than a leap year, which readers could not find around their dates', () => {
    expect(refusal(incident({ dateRange: { from: '2020-01-01', to: '2020-12-31' } }))).toBeNull();
    expect(refusal(incident({ dateRange: { from: '2020-01-01', to: '2021-01-01' } }))).toEqual([
      { field: 'dateRange', reason: 'must span at most 366 days' },
    ]);
  });

  it('refuses a dateRange date that is not a date or before 1900', () => {
    expect(refusal(incident({ dateRange: { from: '2020-02-30', to: '2020-03-07' } }))?.[0].field).toBe('dateRange.from');
    expect(refusal(incident({ dateRange: { from: '1899-12-31', to: '2020-03-07' } }))?.[0]).toEqual({
      field: 'dateRange.from',
      reason: 'must be 1900-01-01 or later',
    });
  });

  it('refuses a low above the best estimate and a high below it, naming the group', () => {
    expect(refusal(incident({ killedLow: { civilians: 2 } }))).toEqual([
      { field: 'killedLow.civilians', reason: 'must not be above killed.civilians (1)' },
    ]);
    expect(refusal(incident({ killedHigh: { taleban: 2 } }))).toEqual([
      { field: 'killedHigh.taleban', reason: 'must not be below killed.taleban (3)' },
    ]);
    expect(refusal(incident({ wounded: { civilians: 4 }, woundedLow: { civilians: 5 }, woundedHigh: { civilians: 3 } }))).toEqual([
      { field: 'woundedLow.civilians', reason: 'must not be above wounded.civilians (4)' },
      { field: 'woundedHigh.civilians', reason: 'must not be below wounded.civilians (4)' },
    ]);
  });

  it('refuses a bound of a group the best estimate does not name, and bounds without any best estimate', () => {
    expect(refusal(incident({ killedLow: { unknown: 1 } }))).toEqual([
      { field: 'killedLow.unknown', reason: 'needs the best estimate killed.unknown' },
    ]);
    expect(refusal(incident({ woundedHigh: { civilians: 2 } }))).toEqual([
      { field: 'woundedHigh.civilians', reason: 'needs the best estimate wounded.civilians' },
    ]);
  });

  it('refuses negative, fractional or ill-keyed bounds and an unknown place precision, naming the field', () => {
    expect(refusal(incident({ killedLow: { taleban: -1 } }))?.[0]).toEqual({ field: 'killedLow.taleban', reason: 'must not be negative' });
    expect(refusal(incident({ killedHigh: { taleban: 3.5 } }))?.[0]).toEqual({
      field: 'killedHigh.taleban',
      reason: 'must be a whole number',
    });
    expect(refusal(incident({ killedHigh: { Taleban: 4 } }))?.[0].field).toBe('killedHigh.Taleban');
    expect(refusal(incident({ placePrecision: 'district' }))).toEqual([
      { field: 'placePrecision', reason: 'must be one of exact, near, region, country' },
    ]);
  });

  it('publishes the fields in the JSON Schema of observations', () => {
    const incidentSchema = (OBSERVATION_JSON_SCHEMA as any).oneOf.find((s: any) => s.properties.type.const === 'incident');
    expect(Object.keys(incidentSchema.properties)).toEqual(
      expect.arrayContaining(['dateRange', 'killedLow', 'killedHigh', 'woundedLow', 'woundedHigh', 'placePrecision']),
    );
    expect(incidentSchema.properties.placePrecision.enum).toEqual(['exact', 'near', 'region', 'country']);
    expect(incidentSchema.properties.dateRange.required).toEqual(['from', 'to']);
  });
});
