import { AccordMonitor, verdictKey } from '../../../src/compliance/accord-monitor';
import { Claim } from '../../../src/compliance/verdict.types';
import { shippedAccord } from '../../support/accord-monitor';

const accord = shippedAccord(); // signed 2020-02-29
const TODAY = '2030-01-01';
const PROHIBITION = verdictKey(accord.id, 'no-attacks-on-us-forces', 'unama');
const REDUCTION = verdictKey(accord.id, 'reduce-violence', 'reuters');
const attacks = (days: string[]) => days.map((day) => ({ source: 'unama', day, value: 1 }));
const reutersClaim: Claim = {
  source: 'reuters',
  id: 'r-1',
  metric: 'attacks',
  filter: { actor: 'taliban' },
  period: { from: '2020-03-01', to: '2020-04-15' },
  value: 4500,
  baseline: { period: { from: '2019-03-01', to: '2019-04-15' }, value: 2647 },
};

/** A monitor seeded as at PUT /accords/{id}, from what the store held before the accord existed. */
const defined = (seed: { totals?: [string, ReturnType<typeof attacks>][]; claims?: Claim[] }) =>
  new AccordMonitor(accord, { asOf: null, totals: new Map(seed.totals ?? []), claims: seed.claims ?? [], keys: [] });

describe('AccordMonitor: an accord defined after its data', () => {
  it('given attacks on US forces stored before the definition, when defined, then the clock is the latest stored day and the alert history is on the data dates', () => {
    const monitor = defined({ totals: [['no-attacks-on-us-forces', attacks(['2020-03-05', '2020-03-06'])]] });
    const out = monitor.reevaluate('2020-04-15', TODAY);
    expect(monitor.clock).toBe('2020-04-15');
    expect(out.transitions.filter((t) => t.key === PROHIBITION).map((t) => [t.state, t.raisedAt, t.resolvedAt])).toEqual([
      ['firing', '2020-03-05', null],
      ['resolved', '2020-03-05', '2020-04-05'], // the window of 30 days no longer holds 6 March
    ]);
  });

  it('given only a claim stored, when defined, then the clock is its period end and its breach fires as of then', () => {
    const monitor = defined({ claims: [reutersClaim] });
    const out = monitor.reevaluate(null, TODAY);
    expect(monitor.clock).toBe('2020-04-15');
    expect(out.transitions.filter((t) => t.key === REDUCTION)).toEqual([
      expect.objectContaining({ state: 'firing', severity: 'critical', raisedAt: '2020-04-15' }),
    ]);
  });

  it('never moves the clock past today, nor back', () => {
    const late = defined({ claims: [reutersClaim] });
    late.reevaluate(null, '2020-04-01');
    expect(late.clock).toBe('2020-04-01');
    const ahead = new AccordMonitor(accord, { asOf: '2020-05-01', totals: new Map(), claims: [reutersClaim], keys: [] });
    ahead.reevaluate('2020-03-01', TODAY);
    expect(ahead.clock).toBe('2020-05-01');
  });
});
