import { claimFromAggregate } from '../../../src/compliance/claims';
import { claimMatches, Dims, incidentMatches, resolveFilter, sameFilter } from '../../../src/compliance/filters';
import { ATTACK_CATEGORIES, metricValue, metricValues } from '../../../src/compliance/metrics';
import { Aggregate, Incident, INCIDENT_CATEGORIES } from '../../../src/observations/observation';

const accord = {
  actors: {
    taliban: ['taliban', 'islamic-emirate-of-afghanistan', 'taliban-militants'],
    'us-forces': ['us-forces', 'united-states', 'usfor-a'],
  },
};

const dims = (over: Partial<Dims> = {}): Dims => ({
  source: 'acled',
  actor: '',
  target: '',
  category: 'attack',
  country: 'AF',
  admin1: '',
  ...over,
});

describe('alias expansion', () => {
  it('a filter on actor taliban matches an incident by islamic-emirate-of-afghanistan', () => {
    const filter = resolveFilter({ actor: 'taliban' }, accord);
    expect(incidentMatches(dims({ actor: 'islamic-emirate-of-afghanistan' }), filter)).toBe(true);
    expect(incidentMatches(dims({ actor: 'taliban' }), filter)).toBe(true);
    expect(incidentMatches(dims({ actor: 'isis-k' }), filter)).toBe(false);
    expect(incidentMatches(dims({ actor: '' }), filter)).toBe(false);
  });

  it('a filter on actor and target requires both, each through its aliases', () => {
    const filter = resolveFilter({ actor: 'taliban', target: 'us-forces' }, accord);
    expect(incidentMatches(dims({ actor: 'taliban-militants', target: 'usfor-a' }), filter)).toBe(true);
    expect(incidentMatches(dims({ actor: 'taliban', target: 'afghan-forces' }), filter)).toBe(false);
  });

  it('a list filter value means any of them; non-actor keys are literal', () => {
    const filter = resolveFilter({ category: ['airstrike', 'explosion'], country: 'AF' }, accord);
    expect(incidentMatches(dims({ category: 'airstrike' }), filter)).toBe(true);
    expect(incidentMatches(dims({ category: 'explosion' }), filter)).toBe(true);
    expect(incidentMatches(dims({ category: 'attack' }), filter)).toBe(false);
    expect(incidentMatches(dims({ category: 'airstrike', country: 'PK' }), filter)).toBe(false);
  });

  it('an empty filter matches everything', () => {
    expect(incidentMatches(dims({ actor: 'anyone' }), resolveFilter({}, accord))).toBe(true);
  });

  it('a source filter matches on the source', () => {
    const filter = resolveFilter({ source: 'unama' }, accord);
    expect(incidentMatches(dims({ source: 'unama' }), filter)).toBe(true);
    expect(incidentMatches(dims({ source: 'acled' }), filter)).toBe(false);
  });
});

describe('claimMatches', () => {
  const commitment = { metric: 'attacks', filter: { actor: 'taliban' } };

  it('a claim on the same metric under an alias of the same actor matches', () => {
    expect(claimMatches({ metric: 'attacks', filter: { actor: 'islamic-emirate-of-afghanistan' } }, commitment, accord)).toBe(true);
    expect(claimMatches({ metric: 'attacks', filter: { actor: ['taliban', 'taliban-militants'] } }, commitment, accord)).toBe(true);
  });

  it('filters with the same keys in a different order and list order are the same filter', () => {
    expect(
      sameFilter({ target: 'us-forces', actor: 'taliban' }, { actor: 'islamic-emirate-of-afghanistan', target: 'united-states' }, accord),
    ).toBe(true);
    expect(sameFilter({ category: ['clash', 'attack'] }, { category: ['attack', 'clash'] }, accord)).toBe(true);
  });

  it('a claim on a different metric does not match', () => {
    expect(claimMatches({ metric: 'incidents', filter: { actor: 'taliban' } }, commitment, accord)).toBe(false);
    expect(claimMatches({ metric: 'killed', filter: { actor: 'taliban' } }, commitment, accord)).toBe(false);
  });

  it('a claim with a different filter does not match', () => {
    // a different actor
    expect(claimMatches({ metric: 'attacks', filter: { actor: 'isis-k' } }, commitment, accord)).toBe(false);
    // an extra key narrows what it covers
    expect(claimMatches({ metric: 'attacks', filter: { actor: 'taliban', target: 'us-forces' } }, commitment, accord)).toBe(false);
    // a missing key widens what it covers
    expect(claimMatches({ metric: 'attacks', filter: {} }, commitment, accord)).toBe(false);
    // the same value under a different key
    expect(claimMatches({ metric: 'attacks', filter: { target: 'taliban' } }, commitment, accord)).toBe(false);
  });
});

describe('metricValue', () => {
  const incident = (over: Partial<Incident> = {}) => ({ category: 'attack' as Incident['category'], ...over });

  it.each(['attack', 'clash', 'airstrike', 'explosion', 'violence_against_civilians'] as const)('attacks counts a %s as 1', (category) => {
    expect(metricValue(incident({ category }), 'attacks')).toBe(1);
  });

  it.each(['other', 'prisoner_release'] as const)('attacks does not count a %s', (category) => {
    expect(metricValue(incident({ category }), 'attacks')).toBe(0);
  });

  it('the attack categories are exactly the five of the contract', () => {
    expect([...ATTACK_CATEGORIES].sort()).toEqual(['airstrike', 'attack', 'clash', 'explosion', 'violence_against_civilians']);
  });

  it.each(INCIDENT_CATEGORIES)('incidents counts every incident, including a %s, as 1', (category) => {
    expect(metricValue(incident({ category }), 'incidents')).toBe(1);
  });

  it('killed and wounded sum over groups', () => {
    const i = incident({ killed: { security_forces: 3, civilians: 1 }, wounded: { civilians: 5 } });
    expect(metricValue(i, 'killed')).toBe(4);
    expect(metricValue(i, 'wounded')).toBe(5);
    expect(metricValue(incident(), 'killed')).toBe(0);
  });

  it('killed.<group> and wounded.<group> are one group, 0 when absent', () => {
    const i = incident({ killed: { security_forces: 3, civilians: 1 }, wounded: { civilians: 5 } });
    expect(metricValue(i, 'killed.security_forces')).toBe(3);
    expect(metricValue(i, 'killed.civilians')).toBe(1);
    expect(metricValue(i, 'wounded.civilians')).toBe(5);
    expect(metricValue(i, 'wounded.security_forces')).toBe(0);
    expect(metricValue(incident(), 'killed.civilians')).toBe(0);
  });

  it('a group name containing a dot is read whole', () => {
    expect(metricValue(incident({ killed: { 'us.forces': 2 } }), 'killed.us.forces')).toBe(2);
  });

  it('prisoners_released sums prisonersReleased, 0 when absent', () => {
    expect(metricValue(incident({ category: 'prisoner_release', prisonersReleased: 100 }), 'prisoners_released')).toBe(100);
    expect(metricValue(incident({ category: 'prisoner_release' }), 'prisoners_released')).toBe(0);
  });

  it('metricValues lists exactly the non-zero metrics, agreeing with metricValue', () => {
    const i = incident({ category: 'clash', killed: { civilians: 2, fighters: 0 }, wounded: {}, prisonersReleased: 0 });
    const values = metricValues(i);
    expect(values).toEqual({ incidents: 1, attacks: 1, killed: 2, 'killed.civilians': 2 });
    for (const [metric, amount] of Object.entries(values)) expect(metricValue(i, metric)).toBe(amount);
  });
});

describe('claimFromAggregate', () => {
  const base: Aggregate = {
    type: 'aggregate',
    id: 'gov-2020-04',
    source: 'afghan-government',
    metric: 'attacks',
    period: { from: '2020-03-01', to: '2020-04-15' },
    value: 4500,
    filter: { actor: 'taliban' },
    revision: 1,
  };

  it('a baseline given as {changePct} alone is value / (1 + pct/100) over the same dates one year earlier', () => {
    const claim = claimFromAggregate({ ...base, value: 170, baseline: { changePct: 70 } });
    expect(claim.baseline!.value).toBeCloseTo(100, 9);
    expect(claim.baseline!.period).toEqual({ from: '2019-03-01', to: '2019-04-15' });
  });

  it('a {changePct} baseline over a period starting on 29 February moves to 28 February', () => {
    const claim = claimFromAggregate({
      ...base,
      period: { from: '2020-02-29', to: '2020-03-10' },
      value: 537,
      baseline: { changePct: -54.7 },
    });
    expect(claim.baseline!.value).toBeCloseTo(537 / 0.453, 6);
    expect(claim.baseline!.period).toEqual({ from: '2019-02-28', to: '2019-03-10' });
  });

  it('a {period, changePct} baseline keeps the period the source named', () => {
    const claim = claimFromAggregate({
      ...base,
      value: 150,
      baseline: { period: { from: '2020-01-01', to: '2020-02-15' }, changePct: 50 },
    });
    expect(claim.baseline).toEqual({ period: { from: '2020-01-01', to: '2020-02-15' }, value: 100, changePct: 50 });
  });

  it('a {period, value} baseline is taken as given', () => {
    const claim = claimFromAggregate({ ...base, baseline: { period: { from: '2019-03-01', to: '2019-04-15' }, value: 2600 } });
    expect(claim.baseline).toEqual({ period: { from: '2019-03-01', to: '2019-04-15' }, value: 2600 });
  });

  it('no baseline gives a null baseline, and the claim carries source, id, metric, filter, period, value', () => {
    expect(claimFromAggregate(base)).toEqual({
      source: 'afghan-government',
      id: 'gov-2020-04',
      metric: 'attacks',
      filter: { actor: 'taliban' },
      period: { from: '2020-03-01', to: '2020-04-15' },
      value: 4500,
      baseline: null,
    });
  });

  it('an aggregate without a filter becomes a claim with an empty filter', () => {
    const { filter, ...rest } = base;
    void filter;
    expect(claimFromAggregate(rest as Aggregate).filter).toEqual({});
  });
});
