import { AcledReport, mapAcledRow } from '../../../src/cli/acled';

const gapsOf = (row: Record<string, string>) => {
  const mapped = mapAcledRow({
    event_id_cnty: 'X1',
    event_date: '2016-03-21',
    event_type: 'Battles',
    actor1: 'Taliban',
    actor2: '',
    fatalities: '0',
    ...row,
  });
  if (!mapped.ok) throw new Error(mapped.reason);
  return mapped.gaps;
};

describe('the end-of-import report', () => {
  it('names for each row what its mapping carried over to nothing', () => {
    expect(gapsOf({ iso: '999', country: 'Atlantis', event_type: 'Skirmish', actor1: '' })).toEqual({
      unknownCountry: "'Atlantis' iso 999",
      unknownEventType: 'Skirmish',
      noActor: true,
    });
    expect(gapsOf({ iso: '204', country: 'Togo' })).toEqual({ countryConflict: "iso 204 (BJ) but country 'Togo' (TG)", noActor: false });
    expect(gapsOf({ iso: '4', country: 'Afghanistan' })).toEqual({ noActor: false });
  });

  it('counts each kind of gap, the most frequent first, and says nothing when every row mapped whole', () => {
    const report = new AcledReport();
    expect(report.lines()).toEqual([]);
    report.add({ unknownEventType: 'Skirmish' });
    for (let i = 0; i < 3; i++) report.add({ unknownCountry: "'Atlantis' iso 999", noActor: i === 0 });
    report.add({ countryConflict: "iso 204 (BJ) but country 'Togo' (TG)" });
    expect(report.lines()).toEqual([
      "acled: 3 rows with the unknown country 'Atlantis' iso 999: no location.country",
      "acled: 1 row with the unknown event type 'Skirmish': category other",
      'acled: 1 row without an actor (actor1 empty or NA)',
      "acled: 1 row with iso 204 (BJ) but country 'Togo' (TG): the number's country kept",
    ]);
  });
});
