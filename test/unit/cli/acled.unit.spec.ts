import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AcledCsvReader, acledCategory, acledDate, actorSlug, mapAcledRow } from '../../../src/cli/acled';
import { CsvHeaderError, CsvRecord } from '../../../src/cli/keyed-csv';
import { validateObservation } from '../../../src/observations/validate';

const SAMPLE = readFileSync(join(__dirname, '../../fixtures/acled/afghanistan-2020.csv'), 'utf8');

/** Feeds `text` in chunks of `size` characters and collects everything the reader yields. */
function read(text: string, size: number): CsvRecord[] {
  const reader = new AcledCsvReader();
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...reader.push(text.slice(i, i + size)));
  out.push(...reader.end());
  return out;
}
const recordsOf = (out: CsvRecord[]) =>
  out.map((r) => {
    if (!('record' in r)) throw new Error(`row error ${JSON.stringify(r)}`);
    return r;
  });

const row = (over: Record<string, string> = {}): Record<string, string> => ({
  event_id_cnty: 'AFG1',
  event_date: '2020-03-21',
  event_type: 'Battles',
  sub_event_type: 'Armed clash',
  actor1: 'Taliban',
  actor2: 'Military Forces of Afghanistan (2014-2021)',
  admin1: 'Balkh',
  admin2: 'Dawlat Abad',
  location: 'Dawlat Abad',
  latitude: '36.9882',
  longitude: '66.8207',
  iso: '4',
  country: 'Afghanistan',
  fatalities: '3',
  source: 'Pajhwok; Tolo News',
  notes: 'Taliban attacked a checkpoint.',
  timestamp: '1585000000',
  ...over,
});
function observationOf(over: Record<string, string> = {}) {
  const mapped = mapAcledRow(row(over));
  if (!mapped.ok) throw new Error(`${mapped.field}: ${mapped.reason}`);
  return mapped.observation;
}

describe('mapAcledRow', () => {
  it('maps a current export row to an incident the observation validator accepts', () => {
    const observation = observationOf();
    expect(observation).toEqual({
      type: 'incident',
      source: 'acled',
      id: 'AFG1',
      revision: 1585000000,
      occurredAt: '2020-03-21',
      category: 'clash',
      actor: 'taliban',
      target: 'military-forces-of-afghanistan-2014-2021',
      location: { country: 'AF', admin1: 'Balkh', admin2: 'Dawlat Abad', place: 'Dawlat Abad', lat: 36.9882, lon: 66.8207 },
      killed: { unspecified: 3 },
      notes: 'Taliban attacked a checkpoint.',
      acledSources: 'Pajhwok; Tolo News',
      acled: {
        event_type: 'Battles',
        sub_event_type: 'Armed clash',
        actor1: 'Taliban',
        actor2: 'Military Forces of Afghanistan (2014-2021)',
      },
    });
    expect(validateObservation(observation, new Date('2024-01-01T00:00:00Z')).ok).toBe(true);
  });

  it.each([
    ['2020-03-21', '2020-03-21'],
    ['21 March 2020', '2020-03-21'],
    ['1 march 2020', '2020-03-01'],
    ['21-March-2020', '2020-03-21'],
    ['21 Mar 2020', '2020-03-21'],
    ['21/03/2016', '2016-03-21'],
    ['1/3/2016', '2016-03-01'],
  ])('reads event_date %s as %s', (text, date) => {
    expect(observationOf({ event_date: text }).occurredAt).toBe(date);
  });

  it.each(['31 April 2020', '2021-02-29', '21 Marsh 2020', '03/21/2020', ''])('refuses event_date %j, naming it', (text) => {
    expect(mapAcledRow(row({ event_date: text }))).toMatchObject({ ok: false, field: 'event_date' });
  });

  it('leaves out killed when there were no fatalities, and target when actor2 is empty', () => {
    const observation = observationOf({ fatalities: '0', actor2: '' });
    expect(observation).not.toHaveProperty('killed');
    expect(observation).not.toHaveProperty('target');
  });

  it('keeps the CSV source column as acledSources, never as the source', () => {
    expect(observationOf({ source: 'unama' })).toMatchObject({ source: 'acled', acledSources: 'unama' });
  });

  it('keeps inter1 as the word newer exports write, and a numeric code as a number', () => {
    expect(observationOf({ inter1: 'Rebel group', inter2: '1' }).acled).toMatchObject({ inter1: 'Rebel group', inter2: 1 });
  });

  it('cuts notes to 4,000 characters', () => {
    expect((observationOf({ notes: 'x'.repeat(5000) }).notes as string).length).toBe(4000);
  });

  it.each([
    ['timestamp', { timestamp: '15850.5' }],
    ['fatalities', { fatalities: '-1' }],
    ['latitude', { latitude: 'north' }],
    ['event_id_cnty', { event_id_cnty: ' ' }],
  ])('names %s when its value is unusable', (field, over) => {
    expect(mapAcledRow(row(over))).toMatchObject({ ok: false, code: 'ACLED.INVALID_ROW', field });
  });

  it('names a required column the record does not have', () => {
    const { event_type: _dropped, ...rest } = row();
    expect(mapAcledRow(rest)).toEqual({ ok: false, code: 'ACLED.INVALID_ROW', field: 'event_type', reason: 'missing column' });
  });

  it('takes an empty timestamp, fatalities or actor as absent: revision 1, no killed, no actor', () => {
    const observation = observationOf({ timestamp: '', fatalities: '', actor1: '' });
    expect(observation.revision).toBe(1);
    expect(observation).not.toHaveProperty('killed');
    expect(observation).not.toHaveProperty('actor');
  });
});

describe('actorSlug', () => {
  it.each([
    ['Military Forces of Afghanistan (2014-2021)', 'military-forces-of-afghanistan-2014-2021'],
    ['Taliban', 'taliban'],
    ['Police Forces of Afghanistan (2014-2021) Prison Guards', 'police-forces-of-afghanistan-2014-2021-prison-guards'],
    ['Al Shabaab & Allies', 'al-shabaab-and-allies'],
    ['  --Séléka Militia--  ', 'seleka-militia'],
    ['Civilians (Afghanistan)', 'civilians-afghanistan'],
  ])('%s -> %s', (name, slug) => {
    expect(actorSlug(name)).toBe(slug);
  });

  it('cuts to 128 characters without leaving a dash at the end', () => {
    const slug = actorSlug(`${'a'.repeat(127)} b`)!;
    expect(slug).toBe('a'.repeat(127));
    expect(actorSlug('x'.repeat(200))).toHaveLength(128);
  });

  it('keeps a joint name past 64 characters whole', () => {
    const jointName = 'JNIM: Group for Support of Islam and Muslims and/or Islamic State (Sahel)';
    expect(actorSlug(jointName)).toBe('jnim-group-for-support-of-islam-and-muslims-and-or-islamic-state-sahel');
  });

  it('gives nothing for a name with no letters or digits', () => {
    expect(actorSlug(' () ')).toBeUndefined();
  });
});

describe('acledCategory', () => {
  it.each([
    ['Battles', 'Armed clash', 'clash'],
    ['Battles', 'Government regains territory', 'clash'],
    ['Explosions/Remote violence', 'Air/drone strike', 'airstrike'],
    ['Explosions/Remote violence', 'Remote explosive/landmine/IED', 'explosion'],
    ['Explosions/Remote violence', 'Suicide bomb', 'explosion'],
    ['Violence against civilians', 'Attack', 'violence_against_civilians'],
    ['Riots', 'Mob violence', 'other'],
    ['Protests', 'Peaceful protest', 'other'],
    ['Strategic developments', 'Agreement', 'other'],
    ['Battle-No change of territory', '', 'clash'],
    ['Battle-Government regains territory', '', 'clash'],
    ['Battle-Non-state actor overtakes territory', '', 'clash'],
    ['Remote violence', '', 'explosion'],
    ['Violence against civilians', '', 'violence_against_civilians'],
    ['Riots/Protests', '', 'other'],
    ['Strategic development', '', 'other'],
    ['Headquarters or base established', '', 'other'],
    ['Non-violent transfer of territory', '', 'other'],
  ])('%s / %s -> %s', (type, sub, category) => {
    expect(acledCategory(type, sub)).toBe(category);
  });

  it('knows no category for a type ACLED never used', () => {
    expect(acledCategory('Skirmish', '')).toBeUndefined();
  });
});

describe('AcledCsvReader', () => {
  it('reads the sample export: quoted commas, a newline and doubled quotes in notes, CRLF', () => {
    const records = recordsOf(read(SAMPLE, SAMPLE.length));
    expect(records.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(records[0].record.notes).toBe(
      'On 21 March 2020, Taliban fighters attacked a checkpoint, killing 3 "ANA" soldiers.\nThe Taliban denied it.',
    );
    expect(records[0].record.source).toBe('Pajhwok; Tolo News');
    expect(records[2].record.notes).toBe('Prisoners released, reportedly 100');
    expect(records.map((r) => r.record.timestamp)).toEqual(['1585000000', '1585100000', '1585200000']);
    const mapped = records.map((r) => mapAcledRow(r.record));
    expect(mapped.map((m) => m.ok && [m.observation.occurredAt, m.observation.category])).toEqual([
      ['2020-03-21', 'clash'],
      ['2020-03-22', 'airstrike'],
      ['2020-03-23', 'other'],
    ]);
  });

  it('yields the same records whatever the chunk boundaries', () => {
    const whole = read(SAMPLE, SAMPLE.length);
    for (const size of [1, 2, 3, 7, 64, 333]) expect(read(SAMPLE, size)).toEqual(whole);
  });

  it('yields the same records when one split falls anywhere inside a quoted field', () => {
    const text =
      'event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,fatalities,timestamp,notes\r\nA1,2020-03-21,Battles,Armed clash,Taliban,,0,1,"a, ""b""\r\nc"\r\n';
    const whole = read(text, text.length);
    expect(recordsOf(whole)[0].record.notes).toBe('a, "b"\r\nc');
    for (let cut = 1; cut < text.length; cut++) {
      const reader = new AcledCsvReader();
      const out = [...reader.push(text.slice(0, cut)), ...reader.push(text.slice(cut)), ...reader.end()];
      expect(out).toEqual(whole);
    }
  });

  it('reads a last row without a newline, a BOM and upper-case column names', () => {
    const text =
      '\uFEFFEVENT_ID_CNTY,Event_Date,event_type,sub_event_type,actor1,actor2,fatalities,timestamp\nA1,2020-03-21,Battles,,Taliban,,0,1';
    expect(recordsOf(read(text, 5))).toEqual([
      { line: 2, record: expect.objectContaining({ event_id_cnty: 'A1', event_date: '2020-03-21' }) },
    ]);
  });

  it('reads a quoted header after a BOM, as Excel and many exporters write it', () => {
    const header = ['event_id_cnty', 'event_date', 'event_type', 'sub_event_type', 'actor1', 'actor2', 'fatalities', 'timestamp']
      .map((c) => `"${c}"`)
      .join(',');
    const text = `\uFEFF${header}\r\n"A1","2020-03-21","Battles","","Taliban","","0","1"\r\n`;
    for (const size of [1, 2, text.length]) {
      expect(recordsOf(read(text, size))).toEqual([
        { line: 2, record: expect.objectContaining({ event_id_cnty: 'A1', actor1: 'Taliban' }) },
      ]);
    }
  });

  it('refuses a header without a required column, naming it', () => {
    const text = 'event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,timestamp\nA1,2020-03-21,Battles,,Taliban,,1\n';
    expect(() => read(text, text.length)).toThrow(CsvHeaderError);
    expect(() => read(text, text.length)).toThrow(/fatalities/);
  });

  it('reads a pre-2019 header, which has neither sub_event_type nor timestamp', () => {
    const text = 'event_id_cnty,event_date,event_type,actor1,actor2,fatalities\nA1,21/03/2016,Remote violence,Taliban,,0\n';
    expect(recordsOf(read(text, text.length))).toEqual([{ line: 2, record: expect.objectContaining({ event_id_cnty: 'A1' }) }]);
  });

  it("reads R's NA as an empty cell in every column, but not inside a longer value", () => {
    const text =
      'event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,admin2,fatalities,notes,timestamp\nA1,2020-03-21,Battles,NA,Taliban, NA ,NA,NA,"NATO said NA",NA\n';
    expect(recordsOf(read(text, 3))[0].record).toEqual({
      event_id_cnty: 'A1',
      event_date: '2020-03-21',
      event_type: 'Battles',
      sub_event_type: '',
      actor1: 'Taliban',
      actor2: '',
      admin2: '',
      fatalities: '',
      notes: 'NATO said NA',
      timestamp: '',
    });
  });

  it('rejects a row whose field count differs from the header, and goes on', () => {
    const text =
      'event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,fatalities,timestamp\nA1,2020-03-21,Battles,,Taliban\nA2,2020-03-21,Battles,,Taliban,,0,1\n';
    const out = read(text, 4);
    expect(out[0]).toEqual({ line: 2, code: 'ACLED.INVALID_ROW', field: '(row)', reason: 'has 5 fields, the header 8' });
    expect(out[1]).toMatchObject({ line: 3, record: { event_id_cnty: 'A2' } });
  });
});
