import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp, REQUEST_TIMEOUT_MS } from '../../src/app.factory';
import { createTestDatabase } from '../support/database';
import { baseUrl, json, metric, waitFor } from '../support/http';

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  json(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const put = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  json(url, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const incident = (id: string, extra: Record<string, unknown> = {}) => ({
  type: 'incident',
  id,
  source: 'unama',
  occurredAt: '2020-03-02T10:00:00+04:30',
  category: 'attack',
  actor: 'taliban',
  ...extra,
});

describe('HTTP API', () => {
  let db: { url: string; drop(): Promise<void> };
  let app: INestApplication;
  let url: string;
  const incidents = async () => (await app.get(DataSource).query(`SELECT count(*)::int AS n FROM events WHERE type = 'incident'`))[0].n;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApp({ DATABASE_URL: db.url, PORT: '0', ACCORDS_DIR: join(__dirname, '../../accords'), LOG_LEVEL: 'silent' });
    url = baseUrl(app);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('POST /observations', () => {
    it('answers 400 naming the field and appends nothing', async () => {
      const before = await incidents();
      const { status, body } = await post(`${url}/observations`, incident('bad', { occurredAt: '2020-02-30' }));
      expect(status).toBe(400);
      expect(body.code).toBe('OBSERVATION.INVALID');
      expect(body.rejected[0].errors[0].field).toBe('occurredAt');
      expect(JSON.stringify(body)).not.toMatch(/at \w+ \(/); // no stack trace
      expect(await incidents()).toBe(before);
    });

    it('rejects a batch with one bad item as a whole, with a reason per item', async () => {
      const before = await incidents();
      const { status, body } = await post(`${url}/observations`, [
        incident('ok-1'),
        incident('bad-2', { killed: { civilians: -1 } }),
        { type: 'rumour' },
      ]);
      expect(status).toBe(400);
      expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2]);
      expect(body.rejected[0].errors[0].field).toBe('killed.civilians');
      expect(body.rejected[1].errors[0].field).toBe('type');
      expect(await incidents()).toBe(before);
    });

    it('accepts a batch with 202, then counts the same again as duplicates', async () => {
      const batch = [incident('h-1'), incident('h-2'), { ...incident('h-2'), revision: 2, category: 'clash' }];
      const first = await post(`${url}/observations`, batch);
      expect(first).toMatchObject({ status: 202, body: { accepted: 3, duplicate: 0 } });
      const again = await post(`${url}/observations`, batch);
      expect(again).toMatchObject({ status: 202, body: { accepted: 0, duplicate: 3 } });
    });

    it('answers 400 for a body that is not JSON and 413 for one that is too large', async () => {
      expect((await post(`${url}/observations`, '{"type":')).status).toBe(400);
      const tooMany = Array.from({ length: 10_001 }, (_, i) => incident(`many-${i}`));
      expect((await post(`${url}/observations`, tooMany)).status).toBe(413);
      const tooBig = JSON.stringify(Array.from({ length: 5000 }, (_, i) => incident(`big-${i}`, { notes: 'x'.repeat(3900) })));
      expect(tooBig.length).toBeGreaterThan(16 * 1024 * 1024);
      expect((await post(`${url}/observations`, tooBig)).status).toBe(413);
    });

    it('refuses an object over 64 KiB by name', async () => {
      const { status, body } = await post(`${url}/observations`, incident('fat', { extra: 'x'.repeat(70_000) }));
      expect(status).toBe(400);
      expect(body.rejected[0].errors[0].reason).toMatch(/65536 bytes/);
    });
  });

  describe('accords', () => {
    it('lists the shipped accord', async () => {
      const { body } = await json(`${url}/accords`);
      expect(body.accords.map((a: { id: string }) => a.id)).toContain('us-taliban-2020');
      expect((await json(`${url}/accords/us-taliban-2020`)).body).toMatchObject({ timezone: 'Asia/Kabul', revision: 1 });
    });

    it('validates a PUT with errors naming the field', async () => {
      const { status, body } = await put(`${url}/accords/test-accord`, {
        name: 'Test',
        signedAt: '2021-01-01',
        timezone: 'Mars/Olympus',
        commitments: [{ id: 'c', kind: 'quota', metric: 'prisoners', start: '2021-01-01', deadline: '2021-02-01' }],
      });
      expect(status).toBe(400);
      const fields = body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['timezone', 'commitments.0.metric', 'commitments.0.target']));
    });

    it('creates with 201, keeps an unchanged document at its revision, and records a change as a new revision', async () => {
      const accord = {
        name: 'Test ceasefire',
        signedAt: '2021-01-01',
        timezone: 'UTC',
        parties: ['a', 'b'],
        commitments: [{ id: 'no-attacks', kind: 'prohibition', metric: 'attacks', filter: { actor: 'a' }, window: { days: 7 } }],
      };
      expect(await put(`${url}/accords/test-ceasefire`, accord)).toMatchObject({ status: 201, body: { revision: 1, changed: true } });
      expect(await put(`${url}/accords/test-ceasefire`, accord)).toMatchObject({ status: 200, body: { revision: 1, changed: false } });
      expect(await put(`${url}/accords/test-ceasefire`, { ...accord, name: 'Renamed' })).toMatchObject({
        status: 200,
        body: { revision: 2, changed: true },
      });
    });

    it('tags the compliance report with an ETag and answers 304 to a poll that has it, until the report changes', async () => {
      const report = `${url}/accords/us-taliban-2020/compliance`;
      const first = await fetch(report);
      const etag = first.headers.get('etag')!;
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toMatch(/^application\/json/);
      expect(etag).toMatch(/^"[\w-]{27}"$/);
      const sources = (body: any) => body.commitments.flatMap((c: { sources: { source: string }[] }) => c.sources.map((s) => s.source));
      expect(sources(await first.json())).not.toContain('etag-probe');

      // As a browser revalidates; fetch would otherwise add `cache-control: no-cache`, which asks for the body.
      const poll = { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } };
      const again = await fetch(report, poll);
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');

      await post(`${url}/observations`, incident('etag-1', { source: 'etag-probe', occurredAt: '2020-03-05T10:00:00+04:30' }));
      const changed = await waitFor(
        () => fetch(report, poll),
        (r) => r.status === 200,
        30_000,
        'a new report',
      );
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(sources(await changed.json())).toContain('etag-probe');
    });

    it('tags every other JSON read with an ETag of its bytes: 304 to a poll that has it, 200 with a new one once it changes', async () => {
      const poll = (etag: string) => ({ headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } });
      const windows = `${url}/accords/us-taliban-2020/windows?metric=attacks&days=7&from=2020-04-01&to=2020-04-10`;
      for (const read of [windows, `${url}/accords/us-taliban-2020/claims`, `${url}/accords`, `${url}/alerts?limit=5`]) {
        const first = await fetch(read);
        const etag = first.headers.get('etag')!;
        expect(etag).toMatch(/^"[\w-]{27}"$/);
        const again = await fetch(read, poll(etag));
        expect(again.status).toBe(304);
        expect(await again.text()).toBe('');
        expect((await fetch(read, poll('"another"'))).status).toBe(200);
      }

      const before = await fetch(windows);
      await post(`${url}/observations`, incident('etag-window', { source: 'etag-window', occurredAt: '2020-04-08T10:00:00+04:30' }));
      const changed = await waitFor(
        () => fetch(windows, poll(before.headers.get('etag')!)),
        (r) => r.status === 200,
        30_000,
        'new windows',
      );
      expect(changed.headers.get('etag')).not.toBe(before.headers.get('etag'));
      expect((await fetch(`${url}/metrics`)).headers.get('etag')).toBeNull(); // text, not a projection
    });

    it('answers 400, never 500, to what PostgreSQL or the projector cannot take, and the projector goes on (found by fuzzing)', async () => {
      const accord = {
        name: 'a\u0000b',
        signedAt: '2020-02-29',
        timezone: 'UTC',
        parties: ['a'],
        commitments: [{ id: 'c', kind: 'prohibition', metric: 'attacks', window: { days: 1 } }],
      };
      const answers = [
        await post(`${url}/observations`, incident('year-0', { occurredAt: '0000-01-01' })), // PostgreSQL has no year 0: stored, it would stall the projector
        await post(`${url}/observations`, incident('year-999', { occurredAt: '0999-06-15T12:00:00Z' })),
        await post(`${url}/observations`, `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`),
        await put(`${url}/accords/nul-name`, accord),
        await post(`${url}/alerts/al_unknown/ack`, { by: 'x\ud800' }),
        await json(`${url}/alerts?since=0000-01-01`),
        await json(`${url}/accords/us-taliban-2020/windows?to=0000-01-01`),
        await json(`${url}/accords/us-taliban-2020/windows?admin1=%00`),
      ];
      expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 400, 400, 400]);
      expect(answers[0].body.rejected[0].errors).toEqual([{ field: 'occurredAt', reason: 'must be 1900-01-01 or later' }]);
      expect(answers[3].body.errors).toEqual([
        { code: 'ACCORD.INVALID_FIELD', field: 'name', reason: 'must not contain U+0000 or an unpaired surrogate' },
      ]);

      await post(`${url}/observations`, incident('after-fuzz'));
      const positions = async () => ({
        store: await metric(url, 'ceasefire_event_store_position'),
        projection: await metric(url, 'ceasefire_projection_position'),
      });
      await waitFor(positions, (p) => p.projection === p.store, 30_000, 'the projector to catch up');
      expect((await json(`${url}/health`)).body.components.projector).toEqual({
        status: 'up',
        detail: 'active',
        holder: expect.stringMatching(/.:\d+$/), // hostname:pid, INSTANCE_NAME unset
        lag: 0,
      });
    });

    it('answers 404 for an unknown accord and 400 for an injection-shaped id', async () => {
      expect((await json(`${url}/accords/nope/compliance`)).status).toBe(404);
      const injected = await json(`${url}/accords/${encodeURIComponent("x'; DROP TABLE events; --")}/compliance`);
      expect(injected.status).toBe(400);
      const undecodable = await json(`${url}/accords/%E0%A4%A/compliance`);
      expect(undecodable).toMatchObject({ status: 400, body: { statusCode: 400, code: 'BAD_REQUEST' } });
      expect((await json(`${url}/accords/us-taliban-2020/windows?from=2020-13-01`)).status).toBe(400);
    });

    it('routes a trailing slash as without it, and leaves a path parameter of 128 characters to its validator', async () => {
      expect((await json(`${url}/accords/us-taliban-2020/`)).body).toMatchObject({ id: 'us-taliban-2020' });
      expect((await fetch(`${url}/health/`)).status).toBe(200);
      const ack = await post(`${url}/alerts/${'a'.repeat(128)}/ack`, {});
      expect(ack).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
      expect((await post(`${url}/alerts/${'a'.repeat(129)}/ack`, {})).status).toBe(400);
    });

    it('gives a client a bounded time to send its whole request', () => {
      expect(app.getHttpServer().requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    });

    it('serves one window point per day with the year-earlier baseline', async () => {
      const window = (id: string, occurredAt: string) => ({ ...incident(id, { occurredAt }), source: 'windows-test' });
      const sent = await post(`${url}/observations`, [
        window('w-1', '2020-03-01'),
        window('w-2', '2020-03-02T23:59:00+04:30'),
        window('w-3', '2020-03-02T20:00:00Z'), // 00:30 on 3 March in Kabul
        window('w-0', '2019-03-02'),
      ]);
      expect(sent.status).toBe(202);
      const { body } = await waitFor(
        () => json(`${url}/accords/us-taliban-2020/windows?metric=attacks&days=3&from=2020-03-01&to=2020-03-05&source=windows-test`),
        (r) => r.body.points?.[2]?.value === 3,
        20_000,
        'windows',
      );
      // Kabul days: w-1 on 1 March, w-2 on 2 March, w-3 on 3 March; w-0 on 2 March 2019
      expect(body.points).toEqual([
        { date: '2020-03-01', value: 1, baseline: 0 },
        { date: '2020-03-02', value: 2, baseline: 1 },
        { date: '2020-03-03', value: 3, baseline: 1 },
        { date: '2020-03-04', value: 2, baseline: 1 },
        { date: '2020-03-05', value: 1, baseline: 0 },
      ]);
    });
  });

  describe('withdrawn evidence', () => {
    const ACCORD = 'withdrawal-test';
    const prohibition = (id: string, metric: string, actor: string) => ({
      id,
      kind: 'prohibition',
      metric,
      filter: { actor },
      window: { days: 7 },
      alerting: { forDays: 0, keepFiringForDays: 30 },
    });
    const accord = (commitments: unknown[]) => ({
      name: 'Withdrawal test',
      signedAt: '2021-01-01',
      timezone: 'UTC',
      parties: ['x-army', 'y-army'],
      commitments,
    });
    const hit = (id: string, source: string, extra: Record<string, unknown>) => ({
      type: 'incident',
      id,
      source,
      category: 'attack',
      ...extra,
    });
    const alert = async (key: string) =>
      ((await json(`${url}/alerts?accordId=${ACCORD}`)).body.alerts as { key: string }[]).find((a) => a.key === key) as any;
    const until = (key: string, state: string, what: string) =>
      waitFor(
        () => alert(key),
        (a) => a?.state === state,
        30_000,
        what,
      );
    const lastVerdict = async (key: string) =>
      (
        await app
          .get(DataSource)
          .query(`SELECT data FROM events WHERE stream = '~verdict' AND key = $1 ORDER BY revision DESC LIMIT 1`, [key])
      )[0]?.data;

    beforeAll(async () => {
      const commitments = [prohibition('no-attacks', 'attacks', 'x-army'), prohibition('no-killing', 'killed', 'y-army')];
      expect((await put(`${url}/accords/${ACCORD}`, accord(commitments))).status).toBe(201);
    });

    it('a retraction of all a source brought resolves its alert at once, despite keepFiringForDays; the overall one waits for a good verdict', async () => {
      const own = `${ACCORD}/no-attacks/wd-a`;
      const sent = [
        hit('wd-1', 'wd-a', { actor: 'x-army', occurredAt: '2021-01-04' }),
        hit('wd-2', 'wd-a', { actor: 'x-army', occurredAt: '2021-01-05' }),
      ];
      expect((await post(`${url}/observations`, sent)).status).toBe(202);
      await until(own, 'firing', 'the source alert to fire');
      const retract = ['wd-1', 'wd-2'].map((id) => ({ type: 'retraction', id, source: 'wd-a', reason: 'misattributed' }));
      expect((await post(`${url}/observations`, retract)).status).toBe(202);
      expect(await until(own, 'resolved', 'the source alert to resolve')).toMatchObject({
        transition: 2,
        resolvedAt: '2021-01-05',
        raisedAt: '2021-01-04',
      });
      expect(await lastVerdict(own)).toMatchObject({ key: own, removed: true, asOf: '2021-01-05' });
      // insufficient_data does not resolve the overall alert (CONTRACT section 4)
      expect(await lastVerdict(`${ACCORD}/no-attacks/*`)).toMatchObject({ verdict: 'insufficient_data' });
      expect(await alert(`${ACCORD}/no-attacks/*`)).toMatchObject({ state: 'firing' });
    });

    it('a commitment dropped by PUT /accords/{id} gets a verdict tombstone on every key and its alerts resolve', async () => {
      const keys = [`${ACCORD}/no-killing/wd-b`, `${ACCORD}/no-killing/*`];
      expect(
        (await post(`${url}/observations`, hit('wd-3', 'wd-b', { actor: 'y-army', occurredAt: '2021-01-06', killed: { civilians: 2 } })))
          .status,
      ).toBe(202);
      for (const key of keys) await until(key, 'firing', `${key} to fire`);
      expect((await put(`${url}/accords/${ACCORD}`, accord([prohibition('no-attacks', 'attacks', 'x-army')]))).status).toBe(200);
      for (const key of keys) {
        expect(await until(key, 'resolved', `${key} to resolve`)).toMatchObject({ transition: 2, resolvedAt: '2021-01-06' });
        expect(await lastVerdict(key)).toMatchObject({ key, removed: true, asOf: '2021-01-06' });
      }
      expect(await alert(`${ACCORD}/no-attacks/*`)).toMatchObject({ state: 'firing' });
    });
  });

  describe('claims of other accords', () => {
    const claim = (id: string, source: string, filter: Record<string, string>) => ({
      type: 'aggregate',
      id,
      source,
      metric: 'killed',
      filter,
      period: { from: '2024-03-01', to: '2024-03-31' },
      value: 12,
    });

    it('lists beside an accord only the claims naming its actors, aliases, parties or countries, or matching a commitment', async () => {
      const benin = {
        name: 'Benin test',
        signedAt: '2024-01-01',
        timezone: 'UTC',
        parties: ['benin-government'],
        actors: { jnim: ['jnim', 'jama-at-nusrat'] },
        commitments: [{ id: 'no-attacks', kind: 'prohibition', metric: 'attacks', filter: { country: 'BJ' }, window: { days: 30 } }],
      };
      expect((await put(`${url}/accords/benin-claims-test`, benin)).status).toBe(201);
      const sent = [
        claim('cl-bj-alias', 'acled', { actor: 'jama-at-nusrat' }),
        claim('cl-bj-country', 'acled', { country: 'BJ' }),
        claim('cl-af', 'unama', { actor: 'taliban' }),
      ];
      expect((await post(`${url}/observations`, sent)).status).toBe(202);
      const ids = async (accord: string) =>
        ((await json(`${url}/accords/${accord}/claims`)).body.claims as { id: string }[]).map((c) => c.id);
      await waitFor(
        () => ids('us-taliban-2020'),
        (listed) => listed.includes('cl-af'),
        20_000,
        'the claims to be projected',
      );
      expect(await ids('benin-claims-test')).toEqual(['cl-bj-alias', 'cl-bj-country']);
      expect(await ids('us-taliban-2020')).not.toContain('cl-bj-country');
    });

    it('lists a claim given as a change with the change the source stated, not one recomputed from the derived baseline', async () => {
      const stated = { ...claim('cl-bj-stated', 'acled', { country: 'BJ' }), value: 577, baseline: { changePct: 10 } };
      expect((await post(`${url}/observations`, [stated])).status).toBe(202);
      const listed = async () =>
        ((await json(`${url}/accords/benin-claims-test/claims`)).body.claims as { id: string; changePct: number }[]).find(
          (c) => c.id === 'cl-bj-stated',
        );
      expect((await waitFor(listed, (found) => found !== undefined, 20_000, 'the claim to be projected'))!.changePct).toBe(10);
    });
  });

  describe("a commitment's windows", () => {
    const ACCORD = 'windows-commitment-test';
    const commitment = {
      id: 'spare-civilians',
      kind: 'prohibition',
      metric: 'attacks',
      filter: { category: ['attack', 'explosion'], target: ['civilians', 'schools'] },
      window: { days: 7 },
    };
    const hit = (id: string, source: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
      type: 'incident',
      id,
      source,
      occurredAt,
      category: 'attack',
      actor: 'x-army',
      target: 'civilians',
      ...extra,
    });
    const asOf = '2022-05-20';
    const windowsOn = async (query: string) =>
      (await json(`${url}/accords/${ACCORD}/windows?commitment=spare-civilians&from=${asOf}&to=${asOf}${query}`)).body.points[0].value;

    beforeAll(async () => {
      const accord = {
        name: 'Windows test',
        signedAt: '2022-01-01',
        timezone: 'UTC',
        parties: ['x-army'],
        actors: { civilians: ['civilians', 'villagers'] },
        commitments: [commitment],
      };
      expect((await put(`${url}/accords/${ACCORD}`, accord)).status).toBe(201);
      const counted = [
        hit('wc-1', 'wc-a', '2022-05-15'),
        hit('wc-2', 'wc-a', asOf, { target: 'villagers', category: 'explosion' }),
        hit('wc-3', 'wc-b', '2022-05-18', { target: 'schools' }),
      ];
      const outside = [
        hit('wc-4', 'wc-a', '2022-05-16', { category: 'airstrike' }), // an attack, but not of the filter's categories
        hit('wc-5', 'wc-a', '2022-05-17', { target: 'military' }),
        hit('wc-6', 'wc-b', '2022-05-19', { target: 'military', category: 'clash' }),
        hit('wc-7', 'wc-a', '2022-05-10'), // before the 7-day window
      ];
      expect((await post(`${url}/observations`, [...counted, ...outside])).status).toBe(202);
    });

    it("draws the series its verdict is computed on: the commitment's metric, category and target lists, aliases and window, per source and summed", async () => {
      const report = await waitFor(
        () => json(`${url}/accords/${ACCORD}/compliance?asOf=${asOf}`).then((r) => r.body.commitments[0]),
        (c) => c.sources.length === 2 && c.sources[0].value === 2,
        20_000,
        'the verdicts',
      );
      const value = (source: string) => report.sources.find((s: { source: string }) => s.source === source).value;
      expect([value('wc-a'), value('wc-b')]).toEqual([2, 1]);
      expect(await windowsOn('&source=wc-a')).toBe(value('wc-a'));
      expect(await windowsOn('&source=wc-b')).toBe(value('wc-b'));
      expect(await windowsOn('')).toBe(value('wc-a') + value('wc-b'));
    });

    it('lets the query narrow the filter and replace the window, and answers 404 for a commitment the accord lacks', async () => {
      expect(await windowsOn('&target=schools')).toBe(1);
      expect(await windowsOn('&target=military')).toBe(0);
      expect(await windowsOn('&days=30&source=wc-a')).toBe(3);
      expect((await json(`${url}/accords/${ACCORD}/windows?commitment=no-such`)).status).toBe(404);
    });
  });

  describe('documents', () => {
    it('lists every contract endpoint in /docs-json and serves the UI at /docs', async () => {
      const { body } = await json(`${url}/docs-json`);
      const operations = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(operations).toEqual(
        expect.arrayContaining([
          'POST /observations',
          'GET /accords',
          'GET /accords/{id}',
          'PUT /accords/{id}',
          'GET /accords/{id}/compliance',
          'GET /accords/{id}/windows',
          'GET /alerts',
          'GET /alerts/stream',
          'POST /alerts/{id}/ack',
          'GET /health',
          'GET /metrics',
        ]),
      );
      const ui = await fetch(`${url}/docs`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger');
    });

    it('publishes the observation JSON Schema generated from the validator', async () => {
      const { status, body } = await json(`${url}/schemas/observation.json`);
      expect(status).toBe(200);
      expect(body.oneOf.map((variant: { properties: { type: { const: string } } }) => variant.properties.type.const)).toEqual([
        'incident',
        'aggregate',
        'retraction',
      ]);
      expect(body.oneOf[0].required).toEqual(expect.arrayContaining(['type', 'id', 'source', 'occurredAt', 'category']));
      expect(body.oneOf[0].properties.source.pattern).toBe('^[a-z0-9][a-z0-9._-]{0,63}$');
    });
  });

  describe('shutdown', () => {
    it('ends open alert streams, so closing does not wait on a dashboard left open', async () => {
      const second = await createApp({
        DATABASE_URL: db.url,
        PORT: '0',
        ACCORDS_DIR: join(__dirname, '../../accords'),
        LOG_LEVEL: 'silent',
      });
      const stream = await fetch(`${baseUrl(second)}/alerts/stream`);
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.headers.get('x-content-type-options')).toBe('nosniff');
      const reader = stream.body!.getReader();
      const timeout = new Promise<'hung'>((resolve) => setTimeout(resolve, 15_000, 'hung').unref());
      expect(await Promise.race([second.close().then(() => 'closed'), timeout])).toBe('closed');
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
    });
  });
});
