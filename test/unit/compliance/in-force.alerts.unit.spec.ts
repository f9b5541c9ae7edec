import { AccordMonitor, verdictKey } from '../../../src/compliance/accord-monitor';
import { incident, observe, shippedAccord } from '../../support/accord-monitor';

const accord = shippedAccord(); // signed 2020-02-29
const TODAY = '2030-01-01';
const PROHIBITION = verdictKey(accord.id, 'no-attacks-on-us-forces', 'unama');

describe('AccordMonitor: dates before signedAt', () => {
  it('given an attack on US forces before the signing, when evaluated as of that day, then the verdict is published but no alert is raised', () => {
    const monitor = new AccordMonitor(accord, { asOf: null, totals: new Map(), claims: [], keys: [] });
    const out = observe(monitor, [incident('a-1', 'unama', '2020-02-20', 'taliban', 'us-forces')], TODAY);
    expect(out.verdicts.find((v) => v.key === PROHIBITION)).toMatchObject({ asOf: '2020-02-20', entry: { verdict: 'breached' } });
    expect(out.transitions).toEqual([]);
    expect(monitor.keyStates([PROHIBITION])[0].alert.phase).toBe('idle');
  });

  it('when the clock then passes the signing with the attack still in the window, then the alert is raised on the first day in force', () => {
    const monitor = new AccordMonitor(accord, { asOf: null, totals: new Map(), claims: [], keys: [] });
    const out = observe(
      monitor,
      [incident('a-1', 'unama', '2020-02-20', 'taliban', 'us-forces'), incident('a-2', 'unama', '2020-03-02', 'taliban', 'civilians')],
      TODAY,
    );
    const raised = out.transitions.filter((t) => t.key === PROHIBITION);
    expect(raised).toEqual([expect.objectContaining({ state: 'firing', transition: 1, raisedAt: '2020-02-29', resolvedAt: null })]);
  });
});
