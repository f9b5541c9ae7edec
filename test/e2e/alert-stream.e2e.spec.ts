import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { createTestDatabase } from '../support/database';
import { baseUrl, json, waitFor } from '../support/http';
import { openSse, SseClient } from '../support/sse';

const send = (url: string, method: string, body: unknown) =>
  json(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
/** An accord of its own per test, whose one prohibition fires on any attack by `{id}-army` (a source alert and the overall one). */
const defineAccord = (url: string, id: string) =>
  send(`${url}/accords/${id}`, 'PUT', {
    name: id,
    signedAt: '2021-01-01',
    timezone: 'UTC',
    parties: [`${id}-army`],
    commitments: [{ id: 'no-attacks', kind: 'prohibition', metric: 'attacks', filter: { actor: `${id}-army` }, window: { days: 7 } }],
  });
const attack = (accordId: string, id: string, source: string) => ({
  type: 'incident',
  id,
  source,
  category: 'attack',
  actor: `${accordId}-army`,
  occurredAt: '2021-01-04',
});
const alertsOf = (url: string, accordId: string) =>
  json(`${url}/alerts?accordId=${accordId}`).then((r) => r.body.alerts as { id: string; transition: number; key: string; state: string }[]);
const sseIds = (client: SseClient) => client.alerts().map((a) => a.sseId);

/** Two instances on one database, as infra/k8s runs them: only the first holds the projector and relay locks. */
describe('GET /alerts/stream', () => {
  let db: { url: string; drop(): Promise<void> };
  let primary: INestApplication;
  let standby: INestApplication;
  let primaryUrl: string;
  let standbyUrl: string;
  const clients: SseClient[] = [];
  const open = async (url: string, headers: Record<string, string> = {}) => {
    const client = await openSse(`${url}/alerts/stream`, headers);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = {
      DATABASE_URL: db.url,
      PORT: '0',
      ACCORDS_DIR: join(__dirname, '../../accords'),
      LOG_LEVEL: 'silent',
      ALERT_STREAM_KEEP_ALIVE_MS: '200',
    };
    primary = await createApp(env);
    primaryUrl = baseUrl(primary);
    const active = (r: { body: any }) => r.body.components.relay?.detail === 'active' && r.body.components.projector?.detail === 'active';
    await waitFor(() => json(`${primaryUrl}/health`), active, 30_000, 'the first instance to take the locks');
    standby = await createApp(env);
    standbyUrl = baseUrl(standby);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all([primary?.close(), standby?.close()]);
    await db?.drop();
  });

  it('reaches a client of an instance whose projector and relay stand by, within a poll of the one that projects', async () => {
    const standingBy = (r: { body: any }) =>
      /^standby/.test(r.body.components.relay.detail) && /^standby/.test(r.body.components.projector.detail);
    await waitFor(() => json(`${standbyUrl}/health`), standingBy, 10_000, 'the second instance to stand by');
    const [onPrimary, onStandby] = [await open(primaryUrl), await open(standbyUrl)];
    expect((await defineAccord(standbyUrl, 'sse-standby')).status).toBe(201);
    expect((await send(`${standbyUrl}/observations`, 'POST', attack('sse-standby', 'sb-1', 'sb-a'))).status).toBe(202);
    const arrived = (client: SseClient) =>
      client.until((m) => m.some((e) => e.event === 'alert'), 30_000, 'an alert').then(() => Date.now());
    const [primaryAt, standbyAt] = await Promise.all([arrived(onPrimary), arrived(onStandby)]);
    expect(standbyAt - primaryAt).toBeLessThan(1000);
    await onStandby.until((m) => m.filter((e) => e.event === 'alert').length >= 2, 10_000, 'both alerts');
    const stored = await alertsOf(primaryUrl, 'sse-standby');
    expect(stored.map((a) => `${a.id}:${a.transition}`).sort()).toEqual([...sseIds(onStandby)].sort());
    expect(sseIds(onPrimary)).toEqual(sseIds(onStandby));
  });

  it('replays what a client missed after its Last-Event-ID, in store order, then goes on live, with nothing twice', async () => {
    expect((await defineAccord(standbyUrl, 'sse-resume')).status).toBe(201);
    const first = await open(standbyUrl);
    const watcher = await open(standbyUrl);
    expect((await send(`${standbyUrl}/observations`, 'POST', attack('sse-resume', 'rs-1', 'rs-a'))).status).toBe(202);
    await first.until((m) => m.filter((e) => e.event === 'alert').length === 2, 30_000, 'the first two transitions');
    const lastSeen = sseIds(first)[1];
    await first.close();

    // while the client is away: the source alert resolves (its evidence retracted) and another source's fires
    expect(
      (await send(`${standbyUrl}/observations`, 'POST', { type: 'retraction', id: 'rs-1', source: 'rs-a', reason: 'misattributed' }))
        .status,
    ).toBe(202);
    await waitFor(
      () => alertsOf(standbyUrl, 'sse-resume'),
      (a) => a.some((x) => x.key.endsWith('/rs-a') && x.state === 'resolved'),
      30_000,
      'rs-a to resolve',
    );
    expect((await send(`${standbyUrl}/observations`, 'POST', attack('sse-resume', 'rs-2', 'rs-b'))).status).toBe(202);
    const missed = await waitFor(
      () => alertsOf(standbyUrl, 'sse-resume'),
      (a) => a.some((x) => x.key.endsWith('/rs-b')),
      30_000,
      'rs-b to fire',
    );
    const resolved = missed.find((a) => a.key.endsWith('/rs-a'))!;
    const fired = missed.find((a) => a.key.endsWith('/rs-b'))!;

    const resumedClient = await open(standbyUrl, { 'last-event-id': lastSeen });
    // once this instance's feed has passed what was missed, a client without a usable id starts after it
    await watcher.until((m) => m.some((e) => e.id === `${fired.id}:1`), 10_000, 'the feed to pass rs-b');
    const unknown = await open(standbyUrl, { 'last-event-id': 'al_nosuchalert:1' });
    const malformed = await open(standbyUrl, { 'last-event-id': 'not an id' });
    await resumedClient.until((m) => m.filter((e) => e.event === 'alert').length === 2, 10_000, 'the replay');
    expect(sseIds(resumedClient)).toEqual([`${resolved.id}:2`, `${fired.id}:1`]);

    expect((await send(`${primaryUrl}/observations`, 'POST', attack('sse-resume', 'rs-3', 'rs-c'))).status).toBe(202);
    await resumedClient.until((m) => m.filter((e) => e.event === 'alert').length >= 3, 30_000, 'the live transition');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // several polls: a repeat would have come by now
    const live = (await alertsOf(standbyUrl, 'sse-resume')).find((a) => a.key.endsWith('/rs-c'))!;
    expect(sseIds(resumedClient)).toEqual([`${resolved.id}:2`, `${fired.id}:1`, `${live.id}:1`]);
    // an id naming no stored transition, or not an id at all: live only
    expect(sseIds(unknown)).toEqual([`${live.id}:1`]);
    expect(sseIds(malformed)).toEqual([`${live.id}:1`]);
  });

  it('delivers an acknowledgement as the next transition of the alert, to a client of either instance', async () => {
    expect((await defineAccord(standbyUrl, 'sse-ack')).status).toBe(201);
    const client = await open(standbyUrl);
    expect((await send(`${standbyUrl}/observations`, 'POST', attack('sse-ack', 'ak-1', 'ak-a'))).status).toBe(202);
    const fired = await waitFor(
      () => alertsOf(standbyUrl, 'sse-ack'),
      (a) => a.some((x) => x.key.endsWith('/ak-a')),
      30_000,
      'ak-a to fire',
    );
    const alert = fired.find((a) => a.key.endsWith('/ak-a'))!;
    expect((await send(`${standbyUrl}/alerts/${alert.id}/ack`, 'POST', { by: 'duty-analyst' })).status).toBeLessThan(300);
    await client.until((m) => m.some((e) => e.id === `${alert.id}:2`), 30_000, 'the acknowledgement on the stream');
    expect(client.alerts().find((a) => a.sseId === `${alert.id}:2`)).toMatchObject({ state: 'firing', acknowledgedBy: 'duty-analyst' });
  });

  it('sends a keep-alive comment on an idle stream', async () => {
    const idle = await open(standbyUrl);
    await idle.until((m) => m.filter((e) => e.comment === 'keep-alive').length >= 2, 5_000, 'two keep-alives');
    expect(idle.messages.every((m) => m.comment === 'keep-alive')).toBe(true);
  });
});
