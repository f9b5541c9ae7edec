import { evaluateAccord } from '../../../src/compliance/commitment';
import { toDayNumber } from '../../../src/compliance/days';
import { DailySeries } from '../../../src/compliance/series';
import { accordOf } from '../../support/commitments';

/** CONTRACT section 10: a report before signedAt is computed but says the accord was not yet in force. */
const accord = accordOf([
  { id: 'none', kind: 'prohibition', metric: 'attacks', filter: {}, alerting: { forDays: 0, keepFiringForDays: 0 }, window: { days: 30 } },
]);
const attacks = new DailySeries();
attacks.add(toDayNumber('2020-02-20'), 1);
const report = (asOf: string) => evaluateAccord(accord, new Map([['none', { series: new Map([['acled', attacks]]), claims: [] }]]), asOf);

describe('inForce', () => {
  it('a report the day before signedAt is computed and carries inForce false', () => {
    expect(report('2020-02-28')).toMatchObject({ asOf: '2020-02-28', inForce: false, commitments: [{ id: 'none', verdict: 'breached' }] });
  });

  it('a report on signedAt and after carries inForce true', () => {
    expect(report('2020-02-29').inForce).toBe(true);
    expect(report('2020-03-30').inForce).toBe(true);
  });
});
