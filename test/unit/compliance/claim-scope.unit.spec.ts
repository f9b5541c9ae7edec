import { Accord } from '../../../src/accords/accord.types';
import { concernsAccord } from '../../../src/compliance/claim-scope';

const alerting = { forDays: 0, keepFiringForDays: 0 };
const benin: Accord = {
  id: 'benin-2024',
  name: 'Benin',
  signedAt: '2024-01-01',
  timezone: 'Africa/Porto-Novo',
  parties: ['benin-government', 'jnim'],
  actors: { jnim: ['jnim', 'jama-at-nusrat-al-islam-wal-muslimin'] },
  commitments: [
    {
      id: 'no-attacks-on-civilians',
      kind: 'prohibition',
      metric: 'attacks',
      filter: { target: 'civilians', country: 'BJ' },
      window: { days: 30 },
      alerting,
    },
    { id: 'fewer-killed', kind: 'prohibition', metric: 'killed', filter: { category: 'airstrike' }, window: { days: 30 }, alerting },
  ],
};
const concerns = concernsAccord(benin);
const claim = (metric: string, filter: Record<string, string | string[]>) => ({ metric, filter });

describe('the claims listed beside an accord', () => {
  it('leave out a claim about another accord: an actor, country and metric it never names', () => {
    expect(concerns(claim('attacks', { actor: 'taliban' }))).toBe(false);
    expect(concerns(claim('killed.security_forces', { actor: 'taliban', country: 'AF' }))).toBe(false);
  });

  it('include a claim naming an alias group, any of its members, or a party', () => {
    expect(concerns(claim('incidents', { actor: 'jnim' }))).toBe(true);
    expect(concerns(claim('incidents', { actor: 'jama-at-nusrat-al-islam-wal-muslimin' }))).toBe(true);
    expect(concerns(claim('incidents', { target: 'benin-government' }))).toBe(true);
  });

  it("include a claim naming a commitment's actor or target, or a country of its filters, in a list or alone", () => {
    expect(concerns(claim('killed', { target: ['military', 'civilians'] }))).toBe(true);
    expect(concerns(claim('killed', { country: 'BJ' }))).toBe(true);
    expect(concerns(claim('killed', { country: ['NE', 'BF'] }))).toBe(false);
  });

  it('include a claim that is evidence on a commitment, though it names no actor or country', () => {
    expect(concerns(claim('killed', { category: 'airstrike' }))).toBe(true);
    expect(concerns(claim('attacks', { category: 'airstrike' }))).toBe(false);
  });

  it('leave out a claim with no filter that matches no commitment', () => {
    expect(concerns(claim('attacks', {}))).toBe(false);
  });
});
