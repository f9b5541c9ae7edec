import { Accord } from '../../../src/accords/accord.types';
import { incidentContribution } from '../../../src/compliance/ledger';
import { AccordMonitor, emptyOutput, KeyState, verdictKey } from '../../../src/compliance/accord-monitor';
import { incident, observe, shippedAccord } from '../../support/accord-monitor';

const shipped = shippedAccord();
const PROHIBITION = 'no-attacks-on-us-forces';
// keepFiringForDays damps a verdict that clears; withdrawn evidence must not wait it out
const accord: Accord = {
  ...shipped,
  commitments: shipped.commitments.map((c) => (c.id === PROHIBITION ? { ...c, alerting: { forDays: 0, keepFiringForDays: 5 } } : c)),
};
const TODAY = '2030-01-01';
const key = (source: string) => verdictKey(accord.id, PROHIBITION, source);
const attack = (id: string, day: string) => incident(id, 'unama', day, 'taliban', 'us-forces');

/** A monitor where unama reported two attacks on US forces: the prohibition's unama and overall alerts fire. */
function breached() {
  const monitor = new AccordMonitor(accord, { asOf: null, totals: new Map(), claims: [], keys: [] });
  const incidents = [attack('a-1', '2020-03-05'), attack('a-2', '2020-03-06')];
  const keys = new Set(observe(monitor, incidents, TODAY).verdicts.map((v) => v.key));
  const [own, overall] = monitor.keyStates([key('unama'), key('*')]);
  expect([own.alert.phase, overall.alert.phase]).toEqual(['firing', 'firing']);
  return { monitor, incidents, keys };
}

describe('AccordMonitor: evidence withdrawn', () => {
  it('a retraction that leaves a source nothing resolves its alert at once; the overall alert waits for a good verdict', () => {
    const { monitor, incidents } = breached();
    const firing = monitor.keyStates([key('unama')])[0].alert.alert!;
    const steps = incidents.map((gone) =>
      monitor.step(null, TODAY, [{ incident: gone, placement: incidentContribution(gone, accord.timezone), sign: -1 }]),
    );
    const out = { verdicts: steps.flatMap((s) => s.verdicts), transitions: steps.flatMap((s) => s.transitions) };
    expect(out.verdicts.filter((v) => v.commitmentId === PROHIBITION).map((v) => [v.key, v.entry?.verdict ?? 'removed'])).toEqual([
      [key('unama'), 'removed'],
      [key('*'), 'insufficient_data'],
    ]);
    expect(out.transitions).toEqual([{ ...firing, transition: 2, state: 'resolved', resolvedAt: '2020-03-06' }]);
    const [own, overall] = monitor.keyStates([key('unama'), key('*')]);
    expect(own).toMatchObject({ entry: null, alert: { phase: 'idle', count: 1, alert: null } });
    // insufficient_data neither fires nor resolves (CONTRACT section 4)
    expect(overall.alert.phase).toBe('firing');
  });

  it('a commitment dropped from the accord tombstones every key of it and resolves their alerts', () => {
    const { monitor, keys } = breached();
    const stored: KeyState[] = JSON.parse(JSON.stringify(monitor.keyStates(keys)));
    const firing = stored.filter((s) => s.commitmentId === PROHIBITION).map((s) => s.alert.alert!);
    const redefined: Accord = { ...accord, commitments: accord.commitments.filter((c) => c.id !== PROHIBITION) };
    // reseeded as after PUT /accords/{id}: the other commitments keep their evidence
    const totals = new Map([
      [
        'reduce-violence',
        [
          { source: 'unama', day: '2020-03-05', value: 1 },
          { source: 'unama', day: '2020-03-06', value: 1 },
        ],
      ],
    ]);
    const next = new AccordMonitor(redefined, { asOf: monitor.clock, totals, claims: [], keys: stored });
    const out = next.reevaluate(null, TODAY);
    expect(out.verdicts.map((v) => [v.key, v.entry, v.asOf])).toEqual([
      [key('unama'), null, '2020-03-06'],
      [key('*'), null, '2020-03-06'],
    ]);
    expect(out.transitions).toEqual(
      firing.map((a) => ({ ...a, transition: a.transition + 1, state: 'resolved', resolvedAt: '2020-03-06' })),
    );
    for (const state of next.keyStates([key('unama'), key('*')]))
      expect(state).toMatchObject({ entry: null, alert: { phase: 'idle', alert: null } });
    // and nothing further on the next evaluation
    expect(next.reevaluate(null, TODAY)).toEqual(emptyOutput());
  });
});
