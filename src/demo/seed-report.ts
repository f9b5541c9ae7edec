/**
 * The figures of the seed report (Reuters, April 2020, on the US-Taliban accord of 29 February
 * 2020), each source's claim as its own aggregate, plus a few prisoner releases by the Afghan
 * government (illustrative amounts; the report says the 5,000 had not been released).
 */
const period = { from: '2020-03-01', to: '2020-04-15' };
const yearEarlier = { from: '2019-03-01', to: '2019-04-15' };
const report = 'Reuters, via the seed report: attacks 1 March - 15 April 2020';

export const SEED_OBSERVATIONS: Record<string, unknown>[] = [
  {
    type: 'aggregate',
    id: 'reuters-2020-03-01-2020-04-15-attacks',
    source: 'reuters',
    metric: 'attacks',
    filter: { actor: 'taliban' },
    period,
    value: 4500,
    baseline: { changePct: 70 },
    notes: `${report}: more than 4,500 Taliban attacks, up more than 70% on the same period a year ago`,
  },
  {
    type: 'aggregate',
    id: 'afghan-government-2020-03-01-2020-04-15-security-forces-killed',
    source: 'afghan-government',
    metric: 'killed.security_forces',
    filter: { actor: 'taliban' },
    period,
    value: 900,
    baseline: { period: yearEarlier, value: 520 },
    notes: 'Afghan government data seen by Reuters: more than 900 Afghan forces killed, up from about 520 a year earlier',
  },
  {
    type: 'aggregate',
    id: 'afghan-government-2020-03-01-2020-04-15-taliban-killed',
    source: 'afghan-government',
    metric: 'killed.taliban',
    filter: { target: 'taliban' },
    period,
    value: 610,
    baseline: { period: yearEarlier, value: 1660 },
    notes: 'Taliban casualties fell to 610, down from roughly 1,660 a year ago',
  },
  {
    type: 'aggregate',
    id: 'taliban-2020-03-01-2020-04-15-attacks',
    source: 'taliban',
    metric: 'attacks',
    filter: { actor: 'taliban' },
    period,
    value: 537,
    baseline: { changePct: -54.7 },
    notes: 'The Taliban told Reuters its attacks fell 54.7% compared with a year ago, to 537',
  },
  {
    type: 'aggregate',
    id: 'taliban-2020-03-01-2020-04-15-security-forces-killed',
    source: 'taliban',
    metric: 'killed.security_forces',
    filter: { actor: 'taliban' },
    period,
    value: 935,
    baseline: { changePct: -54.2 },
    notes: 'The Taliban said Afghan security force members killed fell 54.2% to 935',
  },
  {
    type: 'aggregate',
    id: 'taliban-2020-03-01-2020-04-15-security-forces-wounded',
    source: 'taliban',
    metric: 'wounded.security_forces',
    filter: { actor: 'taliban' },
    period,
    value: 742,
    baseline: { changePct: -55.9 },
    notes: 'The Taliban said Afghan security force members wounded fell 55.9% to 742',
  },
  ...[
    { date: '2020-04-08', released: 100, place: 'Bagram' },
    { date: '2020-04-09', released: 100, place: 'Pul-e-Charkhi' },
    { date: '2020-04-13', released: 161, place: 'Pul-e-Charkhi' },
  ].map(({ date, released, place }) => ({
    type: 'incident',
    id: `release-${date}`,
    source: 'afghan-government',
    occurredAt: date,
    category: 'prisoner_release',
    actor: 'afghan-government',
    target: 'taliban',
    prisonersReleased: released,
    location: { country: 'AF', place },
    notes: 'Illustrative release of Taliban prisoners (amount not from the seed report)',
  })),
];
