import { AlertTransition } from '../../../src/compliance/alerts';
import { fromTransition, periodText, summary, toAlertmanager } from '../../../src/delivery/alertmanager-alert';

const reuters: AlertTransition = {
  id: 'al_1',
  transition: 1,
  key: 'us-taliban-2020/reduce-violence/reuters',
  accordId: 'us-taliban-2020',
  commitmentId: 'reduce-violence',
  source: 'reuters',
  state: 'firing',
  severity: 'critical',
  verdict: 'breached',
  value: 4500,
  baseline: 4500 / 1.7,
  changePct: 70,
  period: { from: '2020-03-01', to: '2020-04-15' },
  raisedAt: '2020-04-15',
  since: '2020-04-15',
  resolvedAt: null,
  acknowledgedBy: null,
  acknowledgedAt: null,
};
const times = { raisedAt: '2026-12-04T01:00:00.000Z', recordedAt: '2026-12-04T02:00:00.000Z', firingUntil: '2026-12-04T02:04:00.000Z' };

describe('Alertmanager alerts', () => {
  it('summarises a per-source alert as one line a person reads', () => {
    expect(summary(reuters)).toBe('reduce-violence: reuters says breached, +70% (4,500 vs 2,647), 1 Mar-15 Apr 2020');
  });

  it('summarises an overall alert without a baseline by its value', () => {
    const overall = {
      ...reuters,
      commitmentId: 'prisoner-release',
      source: '*',
      verdict: 'at_risk' as const,
      severity: 'warning' as const,
      value: 361,
      baseline: null,
      changePct: null,
    };
    expect(summary(overall)).toBe('prisoner-release: overall at risk, 361, 1 Mar-15 Apr 2020');
  });

  it('writes a period within a month, across months and across years', () => {
    expect(periodText({ from: '2020-03-01', to: '2020-03-15' })).toBe('1-15 Mar 2020');
    expect(periodText({ from: '2020-03-01', to: '2020-04-15' })).toBe('1 Mar-15 Apr 2020');
    expect(periodText({ from: '2019-12-01', to: '2020-01-15' })).toBe('1 Dec 2019-15 Jan 2020');
  });

  it("labels a breach with the contract's names, the overall source as *", () => {
    const alert = toAlertmanager(
      { ...reuters, source: '*', key: 'us-taliban-2020/reduce-violence/*' },
      { startsAt: times.raisedAt, endsAt: times.firingUntil },
      'https://monitor.example/',
    );
    expect(alert.labels).toEqual({
      alertname: 'CeasefireCommitmentBreached',
      accord: 'us-taliban-2020',
      commitment: 'reduce-violence',
      source: '*',
      severity: 'critical',
      key: 'us-taliban-2020/reduce-violence/*',
    });
    expect(alert.annotations).toMatchObject({
      verdict: 'breached',
      value: '4500',
      changePct: '70',
      alertId: 'al_1',
      dashboard: 'https://monitor.example/?accord=us-taliban-2020#reduce-violence',
    });
    expect(alert.annotations.baseline).toBe(String(4500 / 1.7));
  });

  it('names an at_risk alert CeasefireCommitmentAtRisk', () => {
    expect(
      toAlertmanager(
        { ...reuters, severity: 'warning', verdict: 'at_risk' },
        { startsAt: times.raisedAt, endsAt: times.firingUntil },
        'http://x',
      ).labels.alertname,
    ).toBe('CeasefireCommitmentAtRisk');
  });

  it('posts a raised alert as starting when the monitor raised it and ending unless posted again', () => {
    expect(fromTransition(reuters, times, 'http://x')).toEqual([
      expect.objectContaining({ startsAt: times.raisedAt, endsAt: times.firingUntil }),
    ]);
  });

  it('posts a resolved alert as ending when it was resolved', () => {
    const [resolved] = fromTransition({ ...reuters, transition: 2, state: 'resolved', resolvedAt: '2020-04-20' }, times, 'http://x');
    expect(resolved).toMatchObject({ startsAt: times.raisedAt, endsAt: times.recordedAt, labels: { severity: 'critical' } });
  });

  it('ends the previous severity when a firing alert changes severity, since severity is a label', () => {
    const posted = fromTransition({ ...reuters, transition: 2, severity: 'warning', verdict: 'at_risk' }, times, 'http://x');
    expect(posted.map((a) => [a.labels.alertname, a.endsAt])).toEqual([
      ['CeasefireCommitmentAtRisk', times.firingUntil],
      ['CeasefireCommitmentBreached', times.recordedAt],
    ]);
  });
});
