import { AccordMonitor, verdictKey } from '../../../src/compliance/accord-monitor';
import { CommitmentInput, evaluateAccord } from '../../../src/compliance/commitment';
import { addDays, toDayNumber } from '../../../src/compliance/days';
import { seriesBySource } from '../../../src/compliance/evidence';
import { datedReport, overallSince, sourceSince } from '../../../src/compliance/since';
import { incident, observe, shippedAccord } from '../../support/accord-monitor';
import { rng } from '../../support/synthetic';

const accord = shippedAccord();
const prohibition = accord.commitments.find((c) => c.id === 'no-attacks-on-us-forces')!; // window 30 days
const TODAY = '2030-01-01';
const attacksBy = (source: string, days: string[]): CommitmentInput => ({
  series: seriesBySource(days.map((day) => ({ source, day, value: 1 }))),
  claims: [],
});

describe('since: the first as-of date of the current verdict run', () => {
  it('given attacks on 5 and 20 March, when evaluated as of 1 April, then breached since 5 March', () => {
    const input = attacksBy('unama', ['2020-03-05', '2020-03-20']);
    expect(sourceSince(accord, prohibition, input, 'unama', '2020-04-01', 'breached')).toBe('2020-03-05');
    expect(overallSince(accord, prohibition, input, '2020-04-01', 'breached')).toBe('2020-03-05');
  });

  it('given the window has cleared, when evaluated as of 1 May, then compliant since the day the last attack left it', () => {
    const input = attacksBy('unama', ['2020-03-05', '2020-03-20']);
    expect(sourceSince(accord, prohibition, input, 'unama', '2020-05-01', 'compliant')).toBe('2020-04-19');
  });

  it('given late data on 1 March, then the same run is dated from it: computed on the data as they now stand', () => {
    const input = attacksBy('unama', ['2020-03-05', '2020-03-20']);
    input.series.get('unama')!.add(toDayNumber('2020-03-01'), 1);
    expect(sourceSince(accord, prohibition, input, 'unama', '2020-04-01', 'breached')).toBe('2020-03-01');
  });

  it('given an insufficient_data overall verdict, then the walk stops at the earliest evidence on the commitment', () => {
    const reduction = accord.commitments.find((c) => c.id === 'reduce-violence')!;
    const input = attacksBy('unama', ['2020-03-05']);
    expect(overallSince(accord, reduction, input, '2020-04-01', 'insufficient_data')).toBe('2020-03-05');
  });

  it('given a report, then every source entry and every overall verdict carries its since', () => {
    const inputs = new Map([[prohibition.id, attacksBy('unama', ['2020-03-05'])]]);
    const report = datedReport(accord, inputs, evaluateAccord(accord, inputs, '2020-03-10'));
    const dated = report.commitments.find((c) => c.id === prohibition.id)!;
    expect(dated).toMatchObject({
      verdict: 'breached',
      since: '2020-03-05',
      sources: [{ source: 'unama', verdict: 'breached', since: '2020-03-05' }],
    });
  });

  it("dates a report's overall verdicts from the latest of its sources' sinces as a full walk back would", () => {
    const random = rng(3);
    const totals = Array.from({ length: 120 }, () => ({
      source: `s-${Math.floor(random() * 4)}`,
      day: addDays('2019-01-01', Math.floor(random() * 500)),
      value: 1,
    }));
    const input: CommitmentInput = { series: seriesBySource(totals), claims: [] };
    const inputs = new Map(accord.commitments.map((c) => [c.id, input]));
    for (let asOf = '2019-02-01'; asOf < '2020-06-01'; asOf = addDays(asOf, 17)) {
      const report = datedReport(accord, inputs, evaluateAccord(accord, inputs, asOf));
      for (const c of report.commitments) {
        expect([c.id, asOf, c.since]).toEqual([
          c.id,
          asOf,
          overallSince(accord, accord.commitments.find((k) => k.id === c.id)!, input, asOf, c.verdict),
        ]);
      }
    }
  });
});

describe('AccordMonitor: alerts dated by since', () => {
  it('given a history imported newest first, then the alert is raised on the data date, and the feed entry carries since', () => {
    const monitor = new AccordMonitor(accord, { asOf: null, totals: new Map(), claims: [], keys: [] });
    const out = observe(
      monitor,
      [
        incident('a-3', 'unama', '2020-04-15', 'taliban', 'civilians'),
        incident('a-2', 'unama', '2020-04-01', 'taliban', 'us-forces'),
        incident('a-1', 'unama', '2020-03-25', 'taliban', 'us-forces'),
      ],
      TODAY,
    );
    const key = verdictKey(accord.id, prohibition.id, 'unama');
    expect(out.transitions.filter((t) => t.key === key)).toEqual([
      expect.objectContaining({ state: 'firing', raisedAt: '2020-04-01', since: '2020-04-01' }),
    ]);
    expect(out.verdicts.filter((v) => v.key === key).map((v) => [v.asOf, v.entry?.verdict, v.entry?.since])).toEqual([
      ['2020-04-15', 'breached', '2020-04-01'],
    ]);
  });
});
