import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AcledCsvReader, mapAcledRow } from '../../../src/cli/acled';
import { validateObservation } from '../../../src/observations/validate';

/** Every row of a fixture mapped, each checked by the observation validator as the import checks it. */
function incidentsOf(fixture: string): Record<string, any>[] {
  const reader = new AcledCsvReader();
  const text = readFileSync(join(__dirname, '../../fixtures/acled', fixture), 'utf8');
  return [...reader.push(text), ...reader.end()].map((record) => {
    if (!('record' in record)) throw new Error(`line ${record.line}: ${record.reason}`);
    const mapped = mapAcledRow(record.record);
    if (!mapped.ok) throw new Error(`line ${record.line}: ${mapped.field} ${mapped.reason}`);
    const validated = validateObservation(mapped.observation, new Date('2026-01-01T00:00:00Z'));
    if (!validated.ok) throw new Error(`line ${record.line}: ${JSON.stringify(validated.errors)}`);
    return mapped.observation;
  });
}

describe('the ACLED fixtures, one per vintage', () => {
  it("gives every row of a current multi-country export its country, ACLED's spellings and Kosovo's 0 included", () => {
    const incidents = incidentsOf('current-2020.csv');
    expect(incidents.map((i) => [i.id.slice(0, 3), i.location.country])).toEqual([
      ['AFG', 'AF'],
      ['AFG', 'AF'],
      ['AFG', 'AF'],
      ['AFG', 'AF'],
      ['XKX', 'XK'],
      ['COD', 'CD'],
      ['PSE', 'PS'],
      ['SWZ', 'SZ'],
      ['BES', 'BQ'],
      ['CIV', 'CI'],
      ['AFG', 'AF'],
      ['AFG', 'AF'],
    ]);
    expect(incidents[0]).toMatchObject({ category: 'airstrike', revision: 1609800000, killed: { unspecified: 8 } });
    expect(incidents[0].notes).toBe(
      'An air strike hit a compound.\nOfficials said eight "fighters" were killed; the Taliban said civilians died.',
    );
    expect(incidents[3]).not.toHaveProperty('actor');
  });

  it('gives every row of a Benin export, newest first over 14 years, its country', () => {
    const incidents = incidentsOf('benin-2009-2022.csv');
    expect(incidents).toHaveLength(12);
    expect(incidents.map((i) => i.location.country)).toEqual(Array(12).fill('BJ'));
    expect(incidents.map((i) => i.occurredAt.slice(0, 4))).toEqual([
      '2022',
      '2022',
      '2022',
      '2021',
      '2021',
      '2019',
      '2018',
      '2016',
      '2013',
      '2011',
      '2010',
      '2009',
    ]);
  });

  it("leaves R's NA cells out of every incident instead of an actor `na` or an admin2 `NA`", () => {
    const incidents = incidentsOf('benin-2009-2022.csv');
    expect(JSON.stringify(incidents)).not.toMatch(/"(NA|na)"/);
    const byId = new Map(incidents.map((i) => [i.id, i]));
    expect(byId.get('BEN9004')).not.toHaveProperty('actor');
    expect(byId.get('BEN9009')).not.toHaveProperty('target');
    expect(byId.get('BEN9011')?.location).toEqual({
      country: 'BJ',
      admin1: 'Atacora',
      admin2: 'Tanguieta',
      place: 'Porga',
      lat: 11.0412,
      lon: 0.9787,
    });
  });

  it('reads a 2016 API pull across eight countries: revision 1 without a timestamp, the old event types mapped', () => {
    const incidents = incidentsOf('api-2016.csv');
    expect(incidents).toHaveLength(14);
    expect(incidents.every((i) => i.revision === 1)).toBe(true);
    expect(new Set(incidents.map((i) => i.location.country))).toEqual(new Set(['SO', 'NG', 'LY', 'ZA', 'SZ', 'CI', 'CD', 'BI']));
    expect(incidents.map((i) => i.category)).toEqual([
      'clash',
      'clash',
      'explosion',
      'clash',
      'violence_against_civilians',
      'other',
      'other',
      'other',
      'other',
      'other',
      'other',
      'violence_against_civilians',
      'clash',
      'explosion',
    ]);
    expect(incidents[0]).toMatchObject({ id: 'SOM90014', occurredAt: '2016-03-28', actor: 'al-shabaab', killed: { unspecified: 4 } });
  });

  it('keeps what an analyst filters on under acled, codes as numbers', () => {
    const benin = incidentsOf('benin-2009-2022.csv').find((i) => i.id === 'BEN9012');
    expect(benin?.acled).toEqual({
      disorder_type: 'Political violence',
      event_type: 'Explosions/Remote violence',
      sub_event_type: 'Remote explosive/landmine/IED',
      actor1: 'Unidentified Armed Group (Benin)',
      inter1: 3,
      actor2: 'Military Forces of Benin (2016-)',
      inter2: 1,
      interaction: 13,
      admin3: 'Birni Lafia',
      time_precision: 1,
      geo_precision: 2,
      source_scale: 'National',
    });
    expect(incidentsOf('benin-2009-2022.csv').find((i) => i.id === 'BEN9010')?.acled).toMatchObject({
      civilian_targeting: 'Civilian targeting',
      time_precision: 1,
    });
    expect(benin?.acledSources).toBe('Invented Gazette');
  });

  it("keeps a 2016 file's ally_actor columns under today's names", () => {
    const drc = incidentsOf('api-2016.csv').find((i) => i.id === 'DRC90002');
    expect(drc?.acled).toMatchObject({
      event_type: 'Battle-No change of territory',
      assoc_actor_2: 'MONUSCO: United Nations Organization Stabilization Mission in the Democratic Republic of Congo (2010-)',
      time_precision: 1,
      geo_precision: 2,
    });
    expect(drc?.acled).not.toHaveProperty('ally_actor_2');
  });

  it('gives a week or a month of uncertainty as dateRange and the geo precision as placePrecision', () => {
    const incidents = incidentsOf('precision-2020.csv');
    expect(incidents.map((i) => [i.id, i.occurredAt, i.dateRange, i.placePrecision])).toEqual([
      ['AFG92001', '2020-03-31', { from: '2020-03-30', to: '2020-04-05' }, 'near'], // a Tuesday: its week runs into April
      ['AFG92002', '2020-02-10', { from: '2020-02-01', to: '2020-02-29' }, 'region'], // February of a leap year
      ['AFG92003', '2020-12-29', { from: '2020-12-28', to: '2021-01-03' }, 'exact'], // and into the next year
      ['AFG92004', '2020-03-01', { from: '2020-02-24', to: '2020-03-01' }, undefined], // a Sunday ends its week; geo_precision NA
      ['AFG92005', '2020-03-02', undefined, 'exact'], // time_precision 1: the day itself
    ]);
    expect(incidents[0].acled).toMatchObject({ time_precision: 2, geo_precision: 2 });
  });
});
