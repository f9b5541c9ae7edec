import { SEED_OBSERVATIONS } from '../../src/demo/seed-report';
import { json, waitFor } from '../support/http';
import { collectMessages, MockKafka } from '../support/kafka-mock';
import { startTestMonitor, TestMonitor } from '../support/monitor';

/** The seed report's figures, each source's claim as its own aggregate, through the running monitor. */
describe('compliance with the seed report', () => {
  let monitor: TestMonitor;
  let kafka: MockKafka;
  let url: string;
  let report: any;

  beforeAll(async () => {
    monitor = await startTestMonitor();
    ({ url, kafka } = { url: monitor.url, kafka: monitor.kafka! });
    const sent = await json(`${url}/observations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SEED_OBSERVATIONS),
    });
    expect(sent.status).toBe(202);
    expect(sent.body.accepted).toBe(SEED_OBSERVATIONS.length);
    report = await waitFor(
      async () => (await json(`${url}/accords/us-taliban-2020/compliance`)).body,
      (r) => r.asOf === '2020-04-15' && r.commitments[1].sources.length > 0,
      30_000,
      'the projector to reach 15 April 2020',
    );
  });
  afterAll(() => monitor?.stop());

  const commitment = (id: string) => report.commitments.find((c: { id: string }) => c.id === id);
  const source = (c: string, s: string) => commitment(c).sources.find((e: { source: string }) => e.source === s);

  it('finds reduce-violence breached per Reuters independent count (+70%, basis claim)', () => {
    expect(source('reduce-violence', 'reuters')).toMatchObject({
      verdict: 'breached',
      basis: 'claim',
      value: 4500,
      selfReported: false,
      period: { from: '2020-03-01', to: '2020-04-15' },
    });
    expect(source('reduce-violence', 'reuters').changePct).toBeCloseTo(70, 6);
    expect(source('reduce-violence', 'reuters').baseline).toBeCloseTo(4500 / 1.7, 6);
  });

  it('finds it compliant per the Taliban (-54.7%), marked self-reported, and contested overall', () => {
    expect(source('reduce-violence', 'taliban')).toMatchObject({ verdict: 'compliant', basis: 'claim', value: 537, selfReported: true });
    expect(source('reduce-violence', 'taliban').changePct).toBeCloseTo(-54.7, 6);
    expect(commitment('reduce-violence').verdict).toBe('contested');
  });

  it("keeps the government's 900-vs-520 deaths claim beside them", async () => {
    const { body } = await json(`${url}/accords/us-taliban-2020/claims`);
    const deaths = body.claims.find((c: { id: string }) => c.id === 'afghan-government-2020-03-01-2020-04-15-security-forces-killed');
    expect(deaths).toMatchObject({
      source: 'afghan-government',
      metric: 'killed.security_forces',
      value: 900,
      baseline: { value: 520 },
      commitments: [],
    });
    expect(deaths.changePct).toBeCloseTo(73.08, 1);
  });

  it('finds prisoner-release breached: 361 of 5,000 after the 10 March deadline', () => {
    expect(commitment('prisoner-release')).toMatchObject({ verdict: 'breached', target: 5000, deadline: '2020-03-10' });
    expect(source('prisoner-release', 'afghan-government')).toMatchObject({
      verdict: 'breached',
      basis: 'incidents',
      value: 361,
      selfReported: false,
    });
  });

  it('marks a report before the accord was signed (29 February 2020) inForce false, and one after it true', async () => {
    expect(report.inForce).toBe(true);
    const before = (await json(`${url}/accords/us-taliban-2020/compliance?asOf=2020-02-28`)).body;
    expect(before).toMatchObject({ asOf: '2020-02-28', inForce: false });
  });

  it('publishes each matching alert once on ceasefire.alerts, keyed {accordId}/{commitmentId}/{source or *}', async () => {
    const alerts = await waitFor(
      async () => (await json(`${url}/alerts?accordId=us-taliban-2020`)).body.alerts,
      (a) => a.length >= 3,
      30_000,
      'alerts',
    );
    const messages = await collectMessages(kafka.brokers, 'ceasefire.alerts', { count: alerts.length, settleMs: 2000 });
    const published = messages.map((m) => ({ key: m.key!.toString(), ...JSON.parse(m.value!.toString()) }));
    expect(published.every((p) => p.key === `${p.accordId}/${p.commitmentId}/${p.source}`)).toBe(true);
    const seen = published.map((p) => `${p.id}#${p.transition}`);
    expect(new Set(seen).size).toBe(seen.length); // none twice
    const firing = published.filter((p) => p.state === 'firing').map((p) => p.key);
    expect(firing).toEqual(
      expect.arrayContaining([
        'us-taliban-2020/reduce-violence/reuters',
        'us-taliban-2020/prisoner-release/afghan-government',
        'us-taliban-2020/prisoner-release/*',
      ]),
    );
    expect(firing).not.toContain('us-taliban-2020/reduce-violence/taliban');
    expect(published.find((p) => p.key === 'us-taliban-2020/reduce-violence/reuters')).toMatchObject({
      severity: 'critical',
      verdict: 'breached',
      raisedAt: '2020-04-15',
      transition: 1,
    });
  });

  it('publishes an acknowledgement on ceasefire.alerts as the next transition of the same alert, still firing', async () => {
    const alerts = (await json(`${url}/alerts?accordId=us-taliban-2020`)).body.alerts as { id: string; key: string; transition: number }[];
    const reuters = alerts.find((a) => a.key === 'us-taliban-2020/reduce-violence/reuters')!;
    const ack = await json(`${url}/alerts/${reuters.id}/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'duty-officer' }),
    });
    expect(ack.status).toBeLessThan(300);
    const messages = await collectMessages(kafka.brokers, 'ceasefire.alerts', { count: alerts.length + 1, settleMs: 2000 });
    const published = messages.map((m) => ({ key: m.key!.toString(), ...JSON.parse(m.value!.toString()) }));
    expect(published.filter((p) => p.id === reuters.id).map((p) => [p.transition, p.state, p.acknowledgedBy])).toEqual([
      [reuters.transition, 'firing', null],
      [reuters.transition + 1, 'firing', 'duty-officer'],
    ]);
  });

  it('publishes every current verdict on ceasefire.verdicts, keyed like alerts', async () => {
    const messages = await collectMessages(kafka.brokers, 'ceasefire.verdicts', { count: 5, settleMs: 2000 });
    const latest = new Map(messages.map((m) => [m.key!.toString(), m.value ? JSON.parse(m.value.toString()) : null]));
    expect(latest.get('us-taliban-2020/reduce-violence/*')).toMatchObject({
      verdict: 'contested',
      accordId: 'us-taliban-2020',
      commitmentId: 'reduce-violence',
      asOf: '2020-04-15',
    });
    expect(latest.get('us-taliban-2020/reduce-violence/taliban')).toMatchObject({ verdict: 'compliant', selfReported: true });
  });
});
