import { json, metric, waitFor } from '../support/http';
import { startTestMonitor, TestMonitor } from '../support/monitor';

const ACCORD = 'us-taliban-2020';

const attack = (source: string, id: string, occurredAt: string, extra: object = {}) => ({
  type: 'incident',
  source,
  id,
  occurredAt,
  category: 'attack',
  actor: 'taliban',
  ...extra,
});
const release = (id: string, occurredAt: string, prisonersReleased: number, extra: object = {}) => ({
  type: 'incident',
  source: 'unama',
  id,
  occurredAt,
  category: 'prisoner_release',
  actor: 'afghan-government',
  prisonersReleased,
  ...extra,
});
const retraction = (source: string, id: string) => ({ type: 'retraction', source, id, reason: 'withdrawn' });
const days = (first: string, n: number) =>
  Array.from({ length: n }, (_, i) => new Date(Date.parse(first) + i * 86_400_000).toISOString().slice(0, 10));

/**
 * unama covers 2019 and 2020; a revision moves one attack out of the 15 April window (into the
 * 20 April one), another revision moves one to an actor the filter does not name, retractions
 * take one attack and one release back; a date-time on the evening of 16 March UTC is Kabul's
 * 17 March, the window's first day; a newcomer has no coverage of the baseline period; a
 * claimant's total is a claim.
 */
const FIRST = [
  attack('unama', 'covered', '2019-02-01'),
  ...days('2019-03-20', 12).map((d, i) => attack('unama', `y19-${i}`, d, i % 3 === 0 ? { target: 'us-forces' } : {})),
  ...days('2020-03-20', 15).map((d, i) => attack('unama', `y20-${i}`, d, i % 4 === 0 ? { target: 'us-forces' } : {})),
  attack('unama', 'evening', '2020-03-16T20:00:00Z', { actor: 'taliban-fighters', target: 'us-forces' }),
  attack('unama', 'moved', '2020-04-01'),
  attack('unama', 'relabelled', '2020-04-02'),
  attack('unama', 'withdrawn', '2020-04-03', { target: 'us-forces' }),
  { type: 'incident', source: 'unama', id: 'no-attack', occurredAt: '2020-04-04', category: 'other', actor: 'taliban' },
  attack('unama', 'late', '2020-04-20', { target: 'us-forces' }),
  release('r-1', '2020-03-01', 100),
  release('r-2', '2020-03-05', 200),
  release('r-3', '2020-03-08', 50),
  release('r-4', '2020-03-12', 30, { actor: 'government-of-afghanistan' }),
  ...days('2020-04-01', 3).map((d, i) => attack('newcomer', `n-${i}`, d)),
  {
    type: 'aggregate',
    source: 'claimant',
    id: 'spring',
    metric: 'attacks',
    filter: { actor: 'taliban' },
    period: { from: '2020-03-01', to: '2020-04-15' },
    value: 537,
  },
];
const REVISIONS = [
  attack('unama', 'moved', '2020-04-18', { revision: 2 }),
  attack('unama', 'relabelled', '2020-04-02', { revision: 2, actor: 'afghan-forces' }),
  release('r-2', '2020-03-05', 250, { revision: 3 }),
  retraction('unama', 'withdrawn'),
  retraction('unama', 'r-3'),
];

type Item = {
  source: string;
  id: string;
  revision: number;
  localDate: string;
  amount: number;
  inWindow: string;
  data: Record<string, unknown>;
};

describe('GET /accords/{id}/evidence', () => {
  let monitor: TestMonitor;
  const evidence = (query: string) => json(`${monitor.url}/accords/${ACCORD}/evidence?${query}`);
  const entryOf = async (commitment: string, source: string, asOf: string) => {
    const { body } = await json(`${monitor.url}/accords/${ACCORD}/compliance?asOf=${asOf}`);
    return body.commitments.find((c: { id: string }) => c.id === commitment).sources.find((s: { source: string }) => s.source === source);
  };
  const sum = (items: Item[], part: string) => items.filter((i) => i.inWindow === part).reduce((total, i) => total + i.amount, 0);

  beforeAll(async () => {
    monitor = await startTestMonitor({}, { kafka: false });
    for (const batch of [FIRST, REVISIONS]) {
      const sent = await json(`${monitor.url}/observations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      });
      expect(sent.status).toBe(202);
    }
    const positions = async () => ({
      store: await metric(monitor.url, 'ceasefire_event_store_position'),
      projection: await metric(monitor.url, 'ceasefire_projection_position'),
    });
    await waitFor(positions, (p) => p.projection === p.store, 30_000, 'the projector to catch up');
  });

  afterAll(() => monitor?.stop());

  describe.each([
    ['reduce-violence', 'unama'],
    ['reduce-violence', 'newcomer'],
    ['prisoner-release', 'unama'],
    ['no-attacks-on-us-forces', 'unama'],
  ])('%s from %s', (commitment, source) => {
    it.each(['2020-04-15', '2020-04-20'])('adds up to the report as of %s', async (asOf) => {
      const [entry, { status, body }] = await Promise.all([
        entryOf(commitment, source, asOf),
        evidence(`commitment=${commitment}&source=${source}&asOf=${asOf}`),
      ]);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        accordId: ACCORD,
        commitmentId: commitment,
        source,
        asOf,
        period: entry.period,
        value: entry.value,
        baseline: entry.baseline,
        nextCursor: null,
      });
      expect(sum(body.items, 'window')).toBe(entry.value);
      if (entry.baseline === null) expect(body.items.filter((i: Item) => i.inWindow === 'baseline')).toEqual([]);
      else expect(sum(body.items, 'baseline')).toBe(entry.baseline);
    });
  });

  it('lists the current versions only: revised, moved and retracted observations as they stand', async () => {
    const at = async (commitment: string, asOf: string) =>
      (await evidence(`commitment=${commitment}&source=unama&asOf=${asOf}`)).body.items.map(
        (i: Item) => `${i.id}@${i.revision}:${i.localDate}`,
      );
    const april15 = await at('reduce-violence', '2020-04-15');
    expect(april15).toContain('evening@1:2020-03-17');
    expect(april15.filter((i: string) => /^(moved|relabelled|withdrawn|no-attack|covered)@/.test(i))).toEqual([]);
    expect(await at('reduce-violence', '2020-04-20')).toContain('moved@2:2020-04-18');
    expect(await at('prisoner-release', '2020-04-15')).toEqual(['r-1@1:2020-03-01', 'r-2@3:2020-03-05', 'r-4@1:2020-03-12']);
    expect(await at('prisoner-release', '2020-03-06')).toEqual(['r-1@1:2020-03-01', 'r-2@3:2020-03-05']);
    expect(await at('no-attacks-on-us-forces', '2020-04-15')).toEqual([
      'evening@1:2020-03-17',
      'y20-0@1:2020-03-20',
      'y20-4@1:2020-03-24',
      'y20-8@1:2020-03-28',
      'y20-12@1:2020-04-01',
    ]);
    expect(await at('no-attacks-on-us-forces', '2020-04-20')).toEqual([
      'y20-4@1:2020-03-24',
      'y20-8@1:2020-03-28',
      'y20-12@1:2020-04-01',
      'late@1:2020-04-20',
    ]);
  });

  it('gives a claim-decided entry the claim itself, and a baseline without coverage no items and its reason', async () => {
    const claim = await evidence('commitment=reduce-violence&source=claimant&asOf=2020-04-15');
    expect(claim.body).toMatchObject({
      basis: 'claim',
      value: 537,
      period: { from: '2020-03-01', to: '2020-04-15' },
      baselinePeriod: null,
    });
    expect(claim.body.items).toEqual([
      expect.objectContaining({ id: 'spring', revision: 1, occurredAt: null, localDate: '2020-04-15', amount: 537, inWindow: 'window' }),
    ]);
    const newcomer = await evidence('commitment=reduce-violence&source=newcomer&asOf=2020-04-15');
    expect(newcomer.body).toMatchObject({ baseline: null, baselinePeriod: null, reason: 'no coverage of the baseline period' });
    const covered = await evidence('commitment=reduce-violence&source=unama&asOf=2020-04-15');
    expect(covered.body.baselinePeriod).toEqual({ from: '2019-03-17', to: '2019-04-15' });
  });

  it('defaults to the accord clock, as the compliance report does', async () => {
    const { body } = await evidence('commitment=no-attacks-on-us-forces&source=unama');
    expect(body.asOf).toBe((await json(`${monitor.url}/accords/${ACCORD}/compliance`)).body.asOf);
    expect(body.asOf).toBe('2020-04-20');
  });

  it('pages in a stable order: pages concatenated equal one big page', async () => {
    const query = 'commitment=reduce-violence&source=unama&asOf=2020-04-20';
    const whole = (await evidence(`${query}&limit=5000`)).body.items;
    const paged: Item[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const { body }: { body: { items: Item[]; nextCursor: string | null } } = await evidence(
        `${query}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      paged.push(...body.items);
      cursor = body.nextCursor;
      pages++;
    }
    expect(whole.length).toBeGreaterThan(8);
    expect(pages).toBe(Math.ceil(whole.length / 4));
    expect(paged).toEqual(whole);
  });

  it('answers text/csv with every page: a header, then the same rows, data as JSON', async () => {
    const query = 'commitment=reduce-violence&source=unama&asOf=2020-04-20';
    const whole: Item[] = (await evidence(query)).body.items;
    const response = await fetch(`${monitor.url}/accords/${ACCORD}/evidence?${query}&limit=3`, { headers: { accept: 'text/csv' } });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = (await response.text()).trimEnd().split('\r\n');
    expect(header).toBe('source,id,revision,occurredAt,localDate,amount,inWindow,data');
    expect(rows).toHaveLength(whole.length);
    rows.forEach((row, i) => {
      const [source, id, revision, occurredAt, localDate, amount, inWindow] = row.split(',');
      const data = JSON.parse(row.slice(row.indexOf(',"{') + 2, -1).replace(/""/g, '"'));
      expect({ source, id, revision: +revision, occurredAt, localDate, amount: +amount, inWindow, data }).toEqual(whole[i]);
    });
  });

  it('is in the OpenAPI document', async () => {
    const { body } = await json(`${monitor.url}/docs-json`);
    expect(Object.keys(body.paths['/accords/{id}/evidence'] ?? {})).toEqual(['get']);
  });

  it('refuses what it cannot answer: 404 for an unknown accord, commitment or a source with no verdict, 400 naming the field', async () => {
    expect((await json(`${monitor.url}/accords/nope/evidence?commitment=reduce-violence&source=unama`)).status).toBe(404);
    expect((await evidence('commitment=nope&source=unama')).status).toBe(404);
    expect((await evidence('commitment=reduce-violence&source=silent')).status).toBe(404);
    const bad = async (query: string) => (await evidence(query)).body.errors?.map((e: { field: string }) => e.field);
    expect(await bad('source=unama')).toEqual(['commitment']);
    expect(await bad('commitment=reduce-violence')).toEqual(['source']);
    expect(await bad('commitment=reduce-violence&source=unama&asOf=2020-13-01')).toEqual(['asOf']);
    expect(await bad('commitment=reduce-violence&source=unama&cursor=nonsense')).toEqual(['cursor']);
    expect(await bad('commitment=reduce-violence&source=unama&limit=5001')).toEqual(['limit']);
  });
});
