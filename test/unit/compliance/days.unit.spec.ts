import * as fc from 'fast-check';
import { addDays, fromDayNumber, localDate, oneYearEarlier, toDayNumber } from '../../../src/compliance/days';

describe('localDate', () => {
  it('an instant at 23:59 Kabul time (19:29Z) is still that Kabul day', () => {
    expect(localDate('2020-03-01T19:29:00Z', 'Asia/Kabul')).toBe('2020-03-01');
  });

  it('an instant at 00:00 Kabul time (19:30Z) is the next Kabul day', () => {
    expect(localDate('2020-03-01T19:30:00Z', 'Asia/Kabul')).toBe('2020-03-02');
  });

  it('an instant with an explicit +04:30 offset keeps its own wall date in Kabul', () => {
    expect(localDate('2020-03-02T00:00:00+04:30', 'Asia/Kabul')).toBe('2020-03-02');
    expect(localDate('2020-03-01T23:59:59+04:30', 'Asia/Kabul')).toBe('2020-03-01');
  });

  it('the same instant can be different dates in different zones', () => {
    expect(localDate('2020-03-01T19:30:00Z', 'UTC')).toBe('2020-03-01');
    expect(localDate('2020-03-01T19:30:00Z', 'Asia/Kabul')).toBe('2020-03-02');
  });

  it('agrees with formatting each instant, in zones whose midnights fall inside UTC hours and across DST changes', () => {
    const zones = [
      'Asia/Kabul',
      'Asia/Kathmandu',
      'Australia/Eucla',
      'America/St_Johns',
      'Europe/London',
      'Africa/Monrovia',
      'Pacific/Kiritimati',
    ];
    // Kabul is +4:30, Kathmandu +5:45, and Africa/Monrovia kept -0:44:30 until 1972
    const instants = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2035, 0, 1) });
    fc.assert(
      fc.property(fc.constantFrom(...zones), instants, fc.integer({ min: -120, max: 120 }), (zone, instant, minutes) => {
        for (const at of [instant, instant + minutes * 60_000]) {
          const expected = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
            new Date(at),
          );
          expect(localDate(new Date(at).toISOString(), zone)).toBe(expected);
        }
      }),
      { numRuns: 3000 },
    );
    expect(localDate('1960-06-01T00:44:29Z', 'Africa/Monrovia')).toBe('1960-05-31');
    expect(localDate('1960-06-01T00:44:30Z', 'Africa/Monrovia')).toBe('1960-06-01');
  });

  it('a bare date stays itself in any zone', () => {
    expect(localDate('2020-03-02', 'Asia/Kabul')).toBe('2020-03-02');
    expect(localDate('2020-02-29', 'Pacific/Kiritimati')).toBe('2020-02-29');
  });

  it('crosses a year end at Kabul midnight', () => {
    expect(localDate('2019-12-31T19:29:59Z', 'Asia/Kabul')).toBe('2019-12-31');
    expect(localDate('2019-12-31T19:30:00Z', 'Asia/Kabul')).toBe('2020-01-01');
  });
});

describe('oneYearEarlier', () => {
  it('29 February becomes 28 February of the previous year', () => {
    expect(oneYearEarlier('2020-02-29')).toBe('2019-02-28');
  });

  it('an ordinary date keeps month and day', () => {
    expect(oneYearEarlier('2020-03-01')).toBe('2019-03-01');
    expect(oneYearEarlier('2021-02-28')).toBe('2020-02-28');
    expect(oneYearEarlier('2020-01-01')).toBe('2019-01-01');
    expect(oneYearEarlier('2020-12-31')).toBe('2019-12-31');
  });
});

describe('addDays', () => {
  it('crosses month ends, leap days and year ends in both directions', () => {
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(addDays('2020-02-29', 1)).toBe('2020-03-01');
    expect(addDays('2019-02-28', 1)).toBe('2019-03-01');
    expect(addDays('2019-12-31', 1)).toBe('2020-01-01');
    expect(addDays('2020-01-01', -1)).toBe('2019-12-31');
    expect(addDays('2020-03-01', -1)).toBe('2020-02-29');
    expect(addDays('2020-03-30', -29)).toBe('2020-03-01');
    expect(addDays('2020-03-10', 0)).toBe('2020-03-10');
  });
});

describe('toDayNumber / fromDayNumber', () => {
  it('1970-01-01 is day 0', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(0)).toBe('1970-01-01');
    expect(toDayNumber('1969-12-31')).toBe(-1);
  });

  it('round trips every day number (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20000, max: 60000 }), (day) => {
        expect(toDayNumber(fromDayNumber(day))).toBe(day);
      }),
      { numRuns: 300 },
    );
  });

  it('round trips every date (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const date = d.toISOString().slice(0, 10);
        expect(fromDayNumber(toDayNumber(date))).toBe(date);
      }),
      { numRuns: 300 },
    );
  });

  it('consecutive day numbers are consecutive dates', () => {
    expect(toDayNumber('2020-03-01') - toDayNumber('2020-02-28')).toBe(2);
    expect(toDayNumber('2021-01-01') - toDayNumber('2020-01-01')).toBe(366);
  });
});
