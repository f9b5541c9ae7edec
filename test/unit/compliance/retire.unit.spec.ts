import { AccordMonitor, verdictKey } from '../../../src/compliance/accord-monitor';
import { incident, observe, shippedAccord } from '../../support/accord-monitor';

const accord = shippedAccord();
const TODAY = '2030-01-01';
const KEY = verdictKey(accord.id, 'no-attacks-on-us-forces', 'unama');
const OVERALL = verdictKey(accord.id, 'no-attacks-on-us-forces', '*');

describe('AccordMonitor: a retired accord (CONTRACT section 10)', () => {
  it('given an attack on US forces firing the prohibition, when the accord is retired, then its alerts resolve as of the clock and every key is tombstoned', () => {
    const monitor = new AccordMonitor(accord, { asOf: null, totals: new Map(), claims: [], keys: [] });
    const fired = observe(monitor, [incident('r-1', 'unama', '2020-03-10', 'taliban', 'us-forces')], TODAY);
    expect(fired.transitions.map((t) => [t.key, t.state])).toEqual(
      expect.arrayContaining([
        [KEY, 'firing'],
        [OVERALL, 'firing'],
      ]),
    );

    const out = monitor.retire(TODAY);
    expect(out.transitions.map((t) => [t.key, t.state, t.resolvedAt]).sort()).toEqual(
      [
        [KEY, 'resolved', '2020-03-10'],
        [OVERALL, 'resolved', '2020-03-10'],
      ].sort(),
    );
    expect(out.verdicts.every((v) => v.entry === null && v.asOf === '2020-03-10')).toBe(true);
    expect(out.verdicts.map((v) => v.key)).toEqual(expect.arrayContaining([KEY, OVERALL]));
    expect(monitor.keyStates([KEY, OVERALL]).map((s) => [s.entry, s.alert.phase])).toEqual([
      [null, 'idle'],
      [null, 'idle'],
    ]);
  });

  it('given an accord with no data yet, when it is retired, then nothing is published', () => {
    const monitor = new AccordMonitor(accord, { asOf: null, totals: new Map(), claims: [], keys: [] });
    expect(monitor.retire(TODAY)).toEqual({ verdicts: [], transitions: [] });
  });
});
