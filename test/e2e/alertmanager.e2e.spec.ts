import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { SEED_OBSERVATIONS } from '../../src/demo/seed-report';
import { launchBrowser } from '../support/browser';
import { alertmanagerAlerts, Notification, startAlertmanager, TestAlertmanager } from '../support/alertmanager';
import { createTestDatabase } from '../support/database';
import { baseUrl, json, metric, waitFor } from '../support/http';

const ACCORD = 'us-taliban-2020';
const key = (commitment: string, source: string) => `${ACCORD}/${commitment}/${source}`;
const REUTERS = key('reduce-violence', 'reuters');
const RELEASES = key('prisoner-release', '*');
const RELEASES_BY_GOVERNMENT = key('prisoner-release', 'afghan-government');
const VIOLENCE = key('reduce-violence', '*');
const reuters = SEED_OBSERVATIONS.find((o) => o.source === 'reuters')!;
/**
 * Another outlet's count, up 5%: reduce-violence at risk by its word (a warning, which the
 * overall alert, critical, does not inhibit; the overall verdict stays contested).
 */
const atRiskBy = (source: string) => ({ ...reuters, source, id: `${source}-2020-03-01-2020-04-15-attacks`, baseline: { changePct: 5 } });
const keysIn = (notifications: Notification[], status = 'firing') =>
  notifications.flatMap((n) => n.alerts.filter((a) => a.status === status).map((a) => a.labels.key));

describe('alerts through a real Alertmanager', () => {
  let alertmanager: TestAlertmanager;
  let restarted: TestAlertmanager | undefined;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: INestApplication;
  let url: string;
  const start = (alertmanagerUrl: string, resendMs: string) =>
    createApp({
      DATABASE_URL: db.url,
      PORT: '0',
      ACCORDS_DIR: join(__dirname, '../../accords'),
      LOG_LEVEL: 'silent',
      ALERTMANAGER_URLS: alertmanagerUrl,
      ALERTMANAGER_RESEND_MS: resendMs,
      PUBLIC_URL: 'https://monitor.example',
    });
  const send = (observations: unknown[]) =>
    json(`${url}/observations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(observations) });

  beforeAll(async () => {
    [alertmanager, db] = await Promise.all([startAlertmanager(), createTestDatabase()]);
    app = await start(alertmanager.url, '1000');
    url = baseUrl(app);
    expect((await send(SEED_OBSERVATIONS)).status).toBe(202);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([alertmanager?.stop(), restarted?.stop()]);
    await db?.drop();
  });

  it("notifies the seed report's alerts grouped by accord, the per-source ones inhibited by their commitment's overall alert", async () => {
    const notifications = await waitFor(
      async () => alertmanager.notifications(),
      (ns) => keysIn(ns).includes(VIOLENCE) && keysIn(ns).includes(RELEASES),
      60_000,
      'a notification of the seed alerts',
    );
    expect(notifications.map((n) => n.groupLabels)).toEqual(notifications.map(() => ({ accord: ACCORD })));
    const { body } = await json(`${url}/alerts?accordId=${ACCORD}&state=firing`);
    const firing: string[] = body.alerts.map((a: { key: string }) => a.key);
    expect(firing).toEqual(expect.arrayContaining([VIOLENCE, REUTERS, RELEASES, RELEASES_BY_GOVERNMENT]));
    // each per-source alert has its commitment's overall alert of the same severity firing
    expect(new Set(keysIn(notifications))).toEqual(new Set(firing.filter((k) => k.endsWith('/*'))));
    const alerts = await waitFor(
      () => alertmanagerAlerts(alertmanager.url),
      (list) => list.length === firing.length,
      30_000,
      'every firing alert in Alertmanager',
    );
    for (const perSource of [REUTERS, RELEASES_BY_GOVERNMENT]) {
      const status = alerts.find((a) => a.labels.key === perSource)!.status;
      expect({ perSource, state: status.state, inhibited: status.inhibitedBy.length }).toEqual({
        perSource,
        state: 'suppressed',
        inhibited: 1,
      });
    }
    expect(await metric(url, 'ceasefire_notifications_total', { channel: 'alertmanager', outcome: 'sent' })).toBeGreaterThan(0);
  });

  it('labels and annotates each alert as the contract says', async () => {
    const { body } = await json(`${url}/alerts?accordId=${ACCORD}&state=firing`);
    const alert = (await alertmanagerAlerts(alertmanager.url)).find((a) => a.labels.key === REUTERS)!;
    expect(alert.labels).toEqual({
      alertname: 'CeasefireCommitmentBreached',
      accord: ACCORD,
      commitment: 'reduce-violence',
      source: 'reuters',
      severity: 'critical',
      key: REUTERS,
    });
    expect(alert.annotations).toEqual({
      summary: 'reduce-violence: reuters says breached, +70% (4,500 vs 2,647), 1 Mar-15 Apr 2020',
      verdict: 'breached',
      value: '4500',
      baseline: String(4500 / 1.7),
      changePct: '70',
      alertId: body.alerts.find((a: { key: string }) => a.key === REUTERS).id,
      dashboard: `https://monitor.example/?accord=${ACCORD}#reduce-violence`,
    });
  });

  it('posts what fires again every ALERTMANAGER_RESEND_MS', async () => {
    const updatedAt = async () => (await alertmanagerAlerts(alertmanager.url)).find((a) => a.labels.key === REUTERS)!.updatedAt;
    const first = await updatedAt();
    await waitFor(updatedAt, (later) => later > first, 30_000, 'a later post of the Reuters alert');
  });

  it('sends nothing of an alert a silence created through Alertmanager covers, and the monitor says so', async () => {
    const now = Date.now();
    const created = await json(`${alertmanager.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'key', value: key('reduce-violence', 'unama'), isRegex: false, isEqual: true }],
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        createdBy: 'test',
        comment: 'known',
      }),
    });
    expect(created.status).toBe(200);
    const before = alertmanager.notifications().length;
    expect((await send([atRiskBy('unama'), atRiskBy('acled')])).status).toBe(202);
    const later = await waitFor(
      async () => alertmanager.notifications().slice(before),
      (ns) => keysIn(ns).includes(key('reduce-violence', 'acled')),
      60_000,
      'the acled alert notified',
    );
    expect(keysIn(later)).not.toContain(key('reduce-violence', 'unama'));
    const { body } = await waitFor(
      () => json(`${url}/alerts/silences?accordId=${ACCORD}`),
      (r) => r.body.alerts.some((a: { key: string; known: boolean }) => a.key === key('reduce-violence', 'unama') && a.known),
      30_000,
      'the silence seen by the monitor',
    );
    const state = (source: string) => body.alerts.find((a: { key: string }) => a.key === key('reduce-violence', source));
    expect(state('unama')).toMatchObject({ silenced: true, silencedBy: [created.body.silenceID] });
    expect(state('acled')).toMatchObject({ silenced: false, silencedBy: [] });
    expect(state('acled').silenceUrl).toBe(
      `${alertmanager.url}/#/silences/new?filter=${encodeURIComponent(`{key="${key('reduce-violence', 'acled')}"}`)}`,
    );
  });

  it("marks the dashboard's alert items from it (silences.js)", async () => {
    const { body } = await json(`${url}/alerts/silences?accordId=${ACCORD}`);
    const ids = Object.fromEntries(body.alerts.map((a: { key: string; id: string }) => [a.key, a.id]));
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(url);
      const alertIds = [ids[key('reduce-violence', 'unama')], ids[REUTERS], ids[key('reduce-violence', 'acled')]];
      // a string, so the page's own import() runs rather than the test compiler's
      const marks = await page.evaluate(`import('/assets/silences.js').then(async ({ markSilences }) => {
        const list = document.createElement('ol');
        for (const id of ${JSON.stringify(alertIds)}) {
          const item = document.createElement('li');
          item.dataset.alertId = id;
          list.append(item);
        }
        markSilences(list, '${ACCORD}');
        while (list.querySelectorAll('.silence').length < ${alertIds.length}) await new Promise((resolve) => setTimeout(resolve, 50));
        return [...list.children].map((li) => [li.querySelector('.silence').dataset.silence, li.querySelector('a')?.getAttribute('href') ?? null]);
      })`);
      expect(marks).toEqual([
        ['silenced', null],
        ['inhibited', null],
        ['none', `${alertmanager.url}/#/silences/new?filter=${encodeURIComponent(`{key="${key('reduce-violence', 'acled')}"}`)}`],
      ]);
    } finally {
      await browser.close();
    }
  });

  it('tells Alertmanager when an alert resolves', async () => {
    const before = alertmanager.notifications().length;
    expect((await send([{ type: 'retraction', source: 'acled', id: atRiskBy('acled').id, reason: 'withdrawn' }])).status).toBe(202);
    await waitFor(
      async () => alertmanager.notifications().slice(before),
      (ns) => keysIn(ns, 'resolved').includes(key('reduce-violence', 'acled')),
      60_000,
      'the acled alert resolved',
    );
  });

  it('after a restart, posts what fires at once, not one resend period later', async () => {
    await app.close();
    restarted = await startAlertmanager();
    app = await start(restarted.url, '600000');
    url = baseUrl(app);
    const notifications = await waitFor(
      async () => restarted!.notifications(),
      (ns) => keysIn(ns).includes(VIOLENCE) && keysIn(ns).includes(RELEASES),
      60_000,
      'the firing alerts again',
    );
    expect(keysIn(notifications)).not.toContain(key('reduce-violence', 'acled'));
    const { body } = await json(`${url}/health`);
    expect(body.components.alertmanager).toMatchObject({ status: 'up', detail: expect.stringMatching(/^backlog \d+/) });
  });
});
