import { silenceLink, silenceStates } from '../../../src/delivery/alertmanager-silences';

const reported = (alertId: string, severity: string, silencedBy: string[] = [], inhibitedBy: string[] = []) => ({
  labels: { severity },
  annotations: { alertId },
  status: { state: silencedBy.length || inhibitedBy.length ? 'suppressed' : 'active', silencedBy, inhibitedBy },
});

describe('silences as the dashboard shows them', () => {
  it("links to Alertmanager's new-silence form with the alert's key as matcher", () => {
    expect(silenceLink('http://am:9093/', 'a/c/*')).toBe(`http://am:9093/#/silences/new?filter=${encodeURIComponent('{key="a/c/*"}')}`);
  });

  it('is silenced when any Alertmanager reports a silence for its current severity', () => {
    const firing = [
      { id: 'al_1', key: 'a/c/x', severity: 'critical' as const },
      { id: 'al_2', key: 'a/c/*', severity: 'critical' as const },
      { id: 'al_3', key: 'a/d/*', severity: 'warning' as const },
    ];
    const states = silenceStates(
      firing,
      [
        reported('al_1', 'critical', ['s1']),
        reported('al_1', 'critical', ['s1', 's2']),
        reported('al_2', 'critical', [], ['f']),
        reported('al_3', 'critical', ['s3']),
      ],
      'http://am',
    );
    expect(states.map((s) => [s.id, s.known, s.silenced, s.silencedBy, s.inhibited])).toEqual([
      ['al_1', true, true, ['s1', 's2'], false],
      ['al_2', true, false, [], true],
      ['al_3', false, false, [], false],
    ]);
  });
});
