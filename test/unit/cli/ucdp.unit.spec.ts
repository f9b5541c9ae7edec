import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gedRevision, mapUcdpRow, ucdpCountry, UcdpCsvReader, UcdpReport } from '../../../src/cli/ucdp';
import { validateObservation } from '../../../src/observations/validate';

const FIXTURE = readFileSync(join(__dirname, '../../fixtures/ucdp/ged-24.1.csv'), 'utf8');

/** Every record of the fixture, by column name. */
function rowsOf(text: string): Record<string, string>[] {
  const reader = new UcdpCsvReader();
  return [...reader.push(text), ...reader.end()].map((r) => {
    if (!('record' in r)) throw new Error(`line ${r.line}: ${r.reason}`);
    return r.record;
  });
}
/** A row mapped and checked by the observation validator, as the import does. */
function incidentOf(row: Record<string, string>, revision = 240100): Record<string, any> {
  const mapped = mapUcdpRow(row, revision);
  if (!mapped.ok) throw new Error(`${mapped.field}: ${mapped.reason}`);
  const validated = validateObservation(mapped.observation, new Date('2026-01-01T00:00:00Z'));
  if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
  return mapped.observation;
}
const [state, nonState, oneSided, drc, myanmar] = rowsOf(FIXTURE);

describe('a UCDP GED row as an incident', () => {
  it('maps a state-based event: id, revision, date part, sides as actor and target, location, precision', () => {
    expect(incidentOf(state)).toMatchObject({
      type: 'incident',
      source: 'ucdp',
      id: '900101',
      revision: 240100,
      occurredAt: '2020-03-02',
      category: 'clash',
      actor: 'government-of-afghanistan',
      target: 'taleban',
      location: {
        country: 'AF',
        admin1: 'Hilmand province',
        admin2: 'Nad-e Ali district',
        place: 'Marjah village',
        lat: 31.5167,
        lon: 64.1167,
      },
      placePrecision: 'exact',
    });
    expect(incidentOf(state)).not.toHaveProperty('dateRange');
  });

  it('gives each side its deaths, and spreads the total low and high over them in proportion, adding up exactly', () => {
    expect(incidentOf(state)).toMatchObject({
      killed: { 'government-of-afghanistan': 3, taleban: 2 },
      killedLow: { 'government-of-afghanistan': 2, taleban: 2 },
      killedHigh: { 'government-of-afghanistan': 5, taleban: 4 },
    });
    expect(incidentOf(drc)).toMatchObject({
      killed: { 'government-of-dr-congo-zaire': 4, m23: 3 },
      killedLow: { 'government-of-dr-congo-zaire': 3, m23: 2 },
      killedHigh: { 'government-of-dr-congo-zaire': 7, m23: 5 },
    });
  });

  it('leaves out bounds equal to the best, and zero groups', () => {
    const incident = incidentOf(nonState);
    expect(incident.killed).toEqual({ taleban: 2, is: 3, unknown: 1 });
    expect(incident).not.toHaveProperty('killedLow');
    expect(incident).not.toHaveProperty('killedHigh');
  });

  it('gives a one-sided event violence_against_civilians, its side_b Civilians and deaths_civilians one group', () => {
    expect(incidentOf(oneSided)).toMatchObject({
      category: 'violence_against_civilians',
      actor: 'is',
      target: 'civilians',
      killed: { civilians: 10 },
      killedLow: { civilians: 8 },
      killedHigh: { civilians: 14 },
      placePrecision: 'region',
    });
    const bothSides = incidentOf({ ...oneSided, deaths_b: '2', deaths_civilians: '8' });
    expect(bothSides.killed).toEqual({ civilians: 10 });
  });

  it('keeps the high of an event whose best is 0 under unknown', () => {
    expect(incidentOf(myanmar)).toMatchObject({ killed: { unknown: 0 }, killedHigh: { unknown: 3 }, placePrecision: 'near' });
    expect(incidentOf({ ...myanmar, high: '0' })).not.toHaveProperty('killed');
  });

  it('gives date_start..date_end as dateRange when they differ, with or without a time of day', () => {
    expect(incidentOf(nonState)).toMatchObject({
      occurredAt: '2020-03-01',
      dateRange: { from: '2020-03-01', to: '2020-03-07' },
      placePrecision: 'region',
    });
    expect(incidentOf(drc)).toMatchObject({
      occurredAt: '2020-03-01',
      dateRange: { from: '2020-03-01', to: '2020-03-31' },
      placePrecision: 'country',
    });
  });

  it("reads UCDP's country names, former names in brackets included", () => {
    expect([drc, myanmar].map((row) => incidentOf(row).location.country)).toEqual(['CD', 'MM']);
    expect(
      [
        'Bosnia-Herzegovina',
        'Kingdom of eSwatini (Swaziland)',
        'Macedonia, FYR',
        'Yemen (North Yemen)',
        'Russia (Soviet Union)',
        'Ivory Coast',
      ].map((n) => ucdpCountry(n).alpha2),
    ).toEqual(['BA', 'SZ', 'MK', 'YE', 'RU', 'CI']);
    expect(ucdpCountry('Atlantis (Lemuria)')).toEqual({ unknown: "'Atlantis (Lemuria)'" });
  });

  it('keeps what has no incident field under ucdp, codes as numbers, empty cells and geom_wkt left out', () => {
    const { ucdp } = incidentOf(state);
    expect(ucdp).toMatchObject({
      relid: 'AFG-2020-1-333-101',
      type_of_violence: 1,
      side_a: 'Government of Afghanistan',
      where_prec: 1,
      date_prec: 1,
      best: 5,
      low: 4,
      high: 9,
      gwnoa: 700,
    });
    expect(ucdp.source_article).toBe('"Invented Daily,2020-03-03,Clash at a checkpoint";"Invented Wire,2020-03-03,Five dead in Nad-e Ali"');
    expect(ucdp).not.toHaveProperty('gwnob');
    expect(ucdp).not.toHaveProperty('geom_wkt');
    expect(ucdp).not.toHaveProperty('deaths_a');
  });

  it('refuses a row whose figures disagree, naming the column', () => {
    const refusal = (over: Record<string, string>) => {
      const mapped = mapUcdpRow({ ...state, ...over }, 1);
      return mapped.ok ? null : [mapped.field, mapped.reason];
    };
    expect(refusal({ best: '6' })).toEqual(['best', 'must be deaths_a + deaths_b + deaths_civilians + deaths_unknown (5)']);
    expect(refusal({ low: '6' })).toEqual(['low', 'must not be above best (5)']);
    expect(refusal({ high: '4' })).toEqual(['high', 'must not be below best (5)']);
    expect(refusal({ deaths_a: '-1' })).toEqual(['deaths_a', "must be a non-negative whole number, not '-1'"]);
    expect(refusal({ deaths_b: '' })?.[0]).toBe('deaths_b');
    expect(refusal({ date_start: '02/03/2020' })).toEqual(['date_start', "is not a date: '02/03/2020'"]);
    expect(refusal({ id: ' ' })).toEqual(['id', 'is empty']);
  });

  it('leaves an impossible date and an end before the start to the observation validator', () => {
    const errors = (over: Record<string, string>) => {
      const mapped = mapUcdpRow({ ...state, ...over }, 1);
      const validated = mapped.ok && validateObservation(mapped.observation, new Date('2026-01-01T00:00:00Z'));
      return validated && !validated.ok ? validated.errors.map((e) => e.field) : null;
    };
    expect(errors({ date_start: '2021-02-29 00:00:00.000', date_end: '2021-03-01' })).toEqual(['occurredAt', 'dateRange.from']);
    expect(errors({ date_end: '2020-03-01 00:00:00.000' })).toEqual(['dateRange.to']);
  });

  it('reports what mapped to nothing: an unknown country or type of violence, a row without side_a', () => {
    const report = new UcdpReport();
    const overs: Record<string, string>[] = [{ country: 'Atlantis' }, { country: 'Atlantis', type_of_violence: '4' }, { side_a: '' }];
    for (const over of overs) {
      const mapped = mapUcdpRow({ ...state, ...over }, 1);
      if (mapped.ok) report.add(mapped.gaps);
    }
    expect(report.lines()).toEqual([
      "ucdp: 2 rows with the unknown country 'Atlantis': no location.country",
      "ucdp: 1 row with the unknown type_of_violence '4': category other",
      'ucdp: 1 row without an actor (side_a empty)',
    ]);
  });
});

describe('the GED version as a revision', () => {
  it('orders releases: candidate 24.0.x before 24.1 before 25.0.x', () => {
    expect(['24.0.3', '24.0.12', '24.1', '25.0.1', '25.1'].map(gedRevision)).toEqual([240003, 240012, 240100, 250001, 250100]);
  });

  it('refuses what is not a GED version', () => {
    for (const bad of ['24', 'v24.1', '24.1.2.3', '0.1', '']) expect(() => gedRevision(bad)).toThrow(/--ged-version/);
  });
});
