import { Alerting } from '../../../src/accords/accord.types';
import {
  acknowledgeAlert,
  alertId,
  AlertState,
  AlertTransition,
  decideAlert,
  Evaluation,
  initialAlertState,
  withdrawAlert,
} from '../../../src/compliance/alerts';
import { addDays } from '../../../src/compliance/days';
import { OverallVerdictValue } from '../../../src/compliance/verdict.types';

const KEY = 'us-taliban-2020/reduce-violence/afghan-government';

const evaluation = (asOf: string, verdict: OverallVerdictValue | null, value = 50): Evaluation => ({
  key: KEY,
  accordId: 'us-taliban-2020',
  commitmentId: 'reduce-violence',
  source: 'afghan-government',
  asOf,
  entry:
    verdict === null
      ? null
      : { verdict, value, baseline: 40, changePct: ((value - 40) / 40) * 100, period: { from: addDays(asOf, -29), to: asOf } },
});

const day = (n: number) => addDays('2020-03-01', n);

/** Feeds verdicts on consecutive days from 2020-03-01 (or the given dates), collecting every step. */
function run(
  policy: Alerting,
  steps: Array<OverallVerdictValue | null | [string, OverallVerdictValue | null]>,
  start: AlertState = initialAlertState(),
) {
  let state = start;
  const log: Array<{ asOf: string; state: AlertState; transitions: AlertTransition[] }> = [];
  steps.forEach((step, i) => {
    const [asOf, verdict] = Array.isArray(step) ? step : [day(i), step];
    const out = decideAlert(state, evaluation(asOf, verdict), policy);
    state = out.state;
    log.push({ asOf, state, transitions: out.transitions });
  });
  return { state, log, transitions: log.flatMap((l) => l.transitions) };
}

const now: Alerting = { forDays: 0, keepFiringForDays: 0 };

describe('alertId', () => {
  it('is stable: the same key and number give the same id', () => {
    expect(alertId(KEY, 1)).toBe(alertId(KEY, 1));
    expect(alertId(KEY, 1)).toMatch(/^al_[0-9a-f]{24}$/);
  });

  it('differs per alert number and per key', () => {
    expect(alertId(KEY, 2)).not.toBe(alertId(KEY, 1));
    expect(alertId(`${KEY}x`, 1)).not.toBe(alertId(KEY, 1));
  });
});

describe('decideAlert: firing', () => {
  it('with forDays 0 a breached verdict fires at once as transition 1, severity critical', () => {
    const { state, transitions } = run(now, ['breached']);
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toEqual({
      id: alertId(KEY, 1),
      transition: 1,
      key: KEY,
      accordId: 'us-taliban-2020',
      commitmentId: 'reduce-violence',
      source: 'afghan-government',
      state: 'firing',
      severity: 'critical',
      verdict: 'breached',
      value: 50,
      baseline: 40,
      changePct: 25,
      period: { from: '2020-02-01', to: '2020-03-01' },
      since: '2020-03-01',
      raisedAt: '2020-03-01',
      resolvedAt: null,
      acknowledgedBy: null,
      acknowledgedAt: null,
    });
    expect(state).toMatchObject({ phase: 'firing', count: 1, alert: transitions[0] });
  });

  it('with forDays 0 an at_risk verdict fires at once with severity warning', () => {
    const { transitions } = run(now, ['at_risk']);
    expect(transitions).toEqual([expect.objectContaining({ transition: 1, severity: 'warning', verdict: 'at_risk', state: 'firing' })]);
  });

  it('compliant and fulfilled verdicts do not fire', () => {
    expect(run(now, ['compliant', 'fulfilled']).transitions).toEqual([]);
    expect(run(now, ['compliant', 'fulfilled']).state.phase).toBe('idle');
  });

  it('with forDays 2 the bad verdict must hold on 2 as-of days past the first; pending before', () => {
    const { log } = run({ forDays: 2, keepFiringForDays: 0 }, ['breached', 'breached', 'breached']);
    expect(log[0]).toMatchObject({ transitions: [], state: { phase: 'pending', since: '2020-03-01' } });
    expect(log[1]).toMatchObject({ transitions: [], state: { phase: 'pending', since: '2020-03-01' } });
    expect(log[2].transitions).toEqual([
      expect.objectContaining({ transition: 1, state: 'firing', severity: 'critical', id: alertId(KEY, 1) }),
    ]);
    expect(log[2].state.phase).toBe('firing');
  });

  it('with forDays 2 a good verdict in between cancels the pending alert', () => {
    const { log, transitions } = run({ forDays: 2, keepFiringForDays: 0 }, ['breached', 'compliant', 'breached', 'breached']);
    expect(transitions).toEqual([]);
    expect(log[1].state).toMatchObject({ phase: 'idle', since: null });
    expect(log[3].state).toMatchObject({ phase: 'pending', since: '2020-03-03' });
    // and it fires two days after the restart
    const more = run({ forDays: 2, keepFiringForDays: 0 }, [[day(4), 'breached']], log[3].state);
    expect(more.transitions).toHaveLength(1);
  });

  it.each(['insufficient_data', 'contested', null] as const)(
    'with forDays 2 a neutral %s verdict in between cancels the pending alert',
    (neutral) => {
      const { log, transitions } = run({ forDays: 2, keepFiringForDays: 0 }, ['breached', neutral, 'breached', 'breached']);
      expect(transitions).toEqual([]);
      expect(log[1].state.phase).toBe('idle');
      expect(log[3].state.phase).toBe('pending');
    },
  );

  it('a pending alert keeps its start through a change between at_risk and breached', () => {
    const { log } = run({ forDays: 2, keepFiringForDays: 0 }, ['at_risk', 'breached', 'breached']);
    expect(log[1].state).toMatchObject({ phase: 'pending', since: '2020-03-01' });
    expect(log[2].transitions).toEqual([expect.objectContaining({ severity: 'critical', transition: 1 })]);
  });
});

describe('decideAlert: dated by the verdict run', () => {
  it("raises the alert as of the verdict's since, not the as-of date it was seen on", () => {
    const { transitions } = decideAlert(initialAlertState(), { ...evaluation('2020-04-15', 'breached'), since: () => '2020-03-05' }, now);
    expect(transitions).toEqual([expect.objectContaining({ state: 'firing', since: '2020-03-05', raisedAt: '2020-03-05' })]);
  });

  it('counts forDays from that since, so a verdict that already held long enough on the data fires at once', () => {
    const policy = { forDays: 3, keepFiringForDays: 0 };
    expect(
      decideAlert(initialAlertState(), { ...evaluation('2020-03-10', 'breached'), since: () => '2020-03-05' }, policy).transitions,
    ).toHaveLength(1);
    expect(
      decideAlert(initialAlertState(), { ...evaluation('2020-03-10', 'breached'), since: () => '2020-03-09' }, policy).state,
    ).toMatchObject({ phase: 'pending', since: '2020-03-09' });
  });
});

describe('decideAlert: while firing', () => {
  it('a severity change while firing is transition 2 with the same id', () => {
    const { transitions, state } = run(now, ['at_risk', 'breached']);
    expect(transitions.map((t) => [t.id, t.transition, t.severity, t.state])).toEqual([
      [alertId(KEY, 1), 1, 'warning', 'firing'],
      [alertId(KEY, 1), 2, 'critical', 'firing'],
    ]);
    expect(transitions[1].raisedAt).toBe(transitions[0].raisedAt);
    expect(state.alert).toEqual(transitions[1]);
  });

  it('the same severity again while firing makes no transition', () => {
    expect(run(now, ['breached', 'breached', 'breached']).transitions).toHaveLength(1);
  });

  it.each(['contested', 'insufficient_data'] as const)('a %s verdict neither fires nor resolves', (neutral) => {
    // idle: nothing fires
    expect(run(now, [neutral]).transitions).toEqual([]);
    expect(run(now, [neutral]).state.phase).toBe('idle');
    // firing: nothing resolves
    const { state, transitions } = run(now, ['breached', neutral, neutral]);
    expect(transitions).toHaveLength(1);
    expect(state.phase).toBe('firing');
  });
});

describe('decideAlert: resolving', () => {
  it('with keepFiringForDays 0 a compliant verdict resolves at once', () => {
    const { transitions, state } = run(now, ['breached', 'compliant']);
    expect(transitions[1]).toMatchObject({
      id: alertId(KEY, 1),
      transition: 2,
      state: 'resolved',
      verdict: 'compliant',
      resolvedAt: '2020-03-02',
      raisedAt: '2020-03-01',
      severity: 'critical',
    });
    expect(state).toMatchObject({ phase: 'idle', count: 1, alert: null });
  });

  it('with keepFiringForDays 0 a fulfilled verdict resolves at once', () => {
    const { transitions } = run(now, ['at_risk', 'fulfilled']);
    expect(transitions[1]).toMatchObject({ state: 'resolved', verdict: 'fulfilled', resolvedAt: '2020-03-02' });
  });

  it('keepFiringForDays 3 keeps the alert firing until 3 days after it cleared', () => {
    const { log } = run({ forDays: 0, keepFiringForDays: 3 }, ['breached', 'compliant', 'compliant', 'compliant', 'compliant']);
    // cleared on 03-02: still firing on 03-02, 03-03, 03-04
    for (const i of [1, 2, 3]) {
      expect(log[i].transitions).toEqual([]);
      expect(log[i].state).toMatchObject({ phase: 'clearing', since: '2020-03-02' });
    }
    // resolved on 03-05, 3 days after
    expect(log[4].transitions).toEqual([expect.objectContaining({ state: 'resolved', transition: 2, resolvedAt: '2020-03-05' })]);
    expect(log[4].state.phase).toBe('idle');
  });

  it('keepFiringForDays 3: bad again before the 3 days are up cancels the clearing', () => {
    const { log, transitions } = run({ forDays: 0, keepFiringForDays: 3 }, [
      'breached',
      'compliant',
      'compliant',
      'breached',
      'compliant',
      'compliant',
      'compliant',
      'compliant',
    ]);
    expect(log[3].state).toMatchObject({ phase: 'firing', since: null });
    // the clearing restarts on 03-05 and resolves on 03-08, not 03-05
    expect(log[4].state).toMatchObject({ phase: 'clearing', since: '2020-03-05' });
    expect(log[6].transitions).toEqual([]);
    expect(transitions.map((t) => [t.transition, t.state, t.resolvedAt])).toEqual([
      [1, 'firing', null],
      [2, 'resolved', '2020-03-08'],
    ]);
  });

  it('a neutral verdict while clearing does not resolve', () => {
    const { log } = run({ forDays: 0, keepFiringForDays: 3 }, [
      'breached',
      'compliant',
      'insufficient_data',
      'contested',
      'insufficient_data',
    ]);
    expect(log.flatMap((l) => l.transitions)).toHaveLength(1);
    expect(log[4].state).toMatchObject({ phase: 'clearing', since: '2020-03-02' });
    // and a good verdict afterwards resolves on the original clearing clock
    const next = run({ forDays: 0, keepFiringForDays: 3 }, [[day(5), 'compliant']], log[4].state);
    expect(next.transitions).toEqual([expect.objectContaining({ state: 'resolved', resolvedAt: '2020-03-06' })]);
  });

  it('the next alert after a resolved one gets the next number and a new id', () => {
    const { transitions, state } = run(now, ['breached', 'compliant', 'at_risk']);
    expect(transitions.map((t) => [t.id, t.transition, t.state])).toEqual([
      [alertId(KEY, 1), 1, 'firing'],
      [alertId(KEY, 1), 2, 'resolved'],
      [alertId(KEY, 2), 1, 'firing'],
    ]);
    expect(state.count).toBe(2);
  });

  it('the state survives a JSON round trip (it is persisted between restarts)', () => {
    const policy = { forDays: 0, keepFiringForDays: 2 };
    const half = run(policy, ['breached', 'compliant']);
    const restored = JSON.parse(JSON.stringify(half.state)) as AlertState;
    const rest = run(
      policy,
      [
        [day(2), 'compliant'],
        [day(3), 'compliant'],
      ],
      restored,
    );
    expect(rest.transitions).toEqual([expect.objectContaining({ id: alertId(KEY, 1), state: 'resolved', resolvedAt: '2020-03-04' })]);
  });
});

describe('decideAlert: withdrawn evidence (no entry: the source or the commitment has none left)', () => {
  const damped: Alerting = { forDays: 2, keepFiringForDays: 3 };

  it('resolves a firing alert at once, keeping the verdict and numbers it last had', () => {
    const { log, state } = run(now, ['at_risk', 'breached', null]);
    expect(log[2].transitions).toEqual([{ ...log[1].state.alert!, transition: 3, state: 'resolved', resolvedAt: '2020-03-03' }]);
    expect(log[2].transitions[0]).toMatchObject({
      id: alertId(KEY, 1),
      verdict: 'breached',
      severity: 'critical',
      value: 50,
      raisedAt: '2020-03-01',
    });
    expect(state).toEqual({ phase: 'idle', count: 1, since: null, alert: null });
  });

  it('resolves at once whatever keepFiringForDays says, firing or already clearing', () => {
    const firing = run(damped, ['breached', 'breached', 'breached', null]);
    expect(firing.transitions.map((t) => [t.transition, t.state, t.resolvedAt])).toEqual([
      [1, 'firing', null],
      [2, 'resolved', '2020-03-04'],
    ]);
    const clearing = run({ forDays: 0, keepFiringForDays: 3 }, ['breached', 'compliant', null]);
    expect(clearing.log[1].state.phase).toBe('clearing');
    expect(clearing.log[2].transitions).toEqual([expect.objectContaining({ state: 'resolved', transition: 2, resolvedAt: '2020-03-03' })]);
    expect(clearing.state.phase).toBe('idle');
  });

  it('drops a pending alert without a transition, and changes nothing when idle', () => {
    const { log, transitions } = run(damped, ['breached', null]);
    expect(transitions).toEqual([]);
    expect(log[1].state).toEqual({ phase: 'idle', count: 0, since: null, alert: null });
    expect(run(now, [null]).log[0].state).toEqual(initialAlertState());
  });

  it('the next alert on the key gets the next number, and an acknowledgement is carried into the resolution', () => {
    const fired = run(now, ['breached']);
    const acked = acknowledgeAlert(fired.state, 'duty-officer', '2020-03-01T12:00:00Z').state;
    const { transitions } = run(
      now,
      [
        [day(1), null],
        [day(2), 'at_risk'],
      ],
      acked,
    );
    expect(transitions.map((t) => [t.id, t.transition, t.state, t.acknowledgedBy])).toEqual([
      [alertId(KEY, 1), 3, 'resolved', 'duty-officer'],
      [alertId(KEY, 2), 1, 'firing', null],
    ]);
  });

  it('withdrawAlert is what decideAlert does with no entry, under any policy', () => {
    const { state } = run(now, ['breached']);
    expect(withdrawAlert(state, day(5))).toEqual(decideAlert(state, evaluation(day(5), null), damped));
  });
});

describe('acknowledgeAlert', () => {
  it('an acknowledgement is a transition of the same alert: the next number, the same state and severity', () => {
    const fired = run(now, ['at_risk']);
    const { transitions } = acknowledgeAlert(fired.state, 'duty-officer', '2020-03-01T12:00:00Z');
    expect(transitions).toEqual([
      { ...fired.state.alert!, transition: 2, acknowledgedBy: 'duty-officer', acknowledgedAt: '2020-03-01T12:00:00Z' },
    ]);
    expect(transitions[0]).toMatchObject({ state: 'firing', severity: 'warning' });
  });

  it('acknowledgement is carried in later transitions of the same alert', () => {
    const fired = run(now, ['at_risk']);
    const acked = acknowledgeAlert(fired.state, 'duty-officer', '2020-03-01T12:00:00Z').state;
    expect(acked.alert).toMatchObject({ acknowledgedBy: 'duty-officer', acknowledgedAt: '2020-03-01T12:00:00Z' });
    const later = run(
      now,
      [
        [day(1), 'breached'],
        [day(2), 'compliant'],
      ],
      acked,
    );
    expect(later.transitions.map((t) => [t.transition, t.acknowledgedBy, t.acknowledgedAt])).toEqual([
      [3, 'duty-officer', '2020-03-01T12:00:00Z'],
      [4, 'duty-officer', '2020-03-01T12:00:00Z'],
    ]);
  });

  it('does not mutate the state it is given', () => {
    const fired = run(now, ['at_risk']);
    acknowledgeAlert(fired.state, 'duty-officer', '2020-03-01T12:00:00Z');
    expect(fired.state.alert!.acknowledgedBy).toBeNull();
  });

  it('a second acknowledgement keeps the first', () => {
    const fired = run(now, ['at_risk']);
    const once = acknowledgeAlert(fired.state, 'first', '2020-03-01T12:00:00Z').state;
    const twice = acknowledgeAlert(once, 'second', '2020-03-01T13:00:00Z');
    expect(twice.transitions).toEqual([]);
    expect(twice.state.alert).toMatchObject({ acknowledgedBy: 'first', acknowledgedAt: '2020-03-01T12:00:00Z' });
  });

  it('acknowledging with no current alert changes nothing', () => {
    const idle = initialAlertState();
    expect(acknowledgeAlert(idle, 'x', '2020-03-01T12:00:00Z')).toEqual({ state: idle, transitions: [] });
  });

  it('an acknowledgement does not carry over to the next alert', () => {
    const fired = run(now, ['breached']);
    const acked = acknowledgeAlert(fired.state, 'duty-officer', '2020-03-01T12:00:00Z').state;
    const later = run(
      now,
      [
        [day(1), 'compliant'],
        [day(2), 'breached'],
      ],
      acked,
    );
    expect(later.transitions[1]).toMatchObject({ id: alertId(KEY, 2), transition: 1, acknowledgedBy: null, acknowledgedAt: null });
  });
});
