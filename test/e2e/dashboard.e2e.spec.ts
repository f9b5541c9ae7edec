import { INestApplication } from '@nestjs/common';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { createApp } from '../../src/app.factory';
import { ASSETS } from '../../src/dashboard/dashboard-assets';
import { SEED_OBSERVATIONS } from '../../src/demo/seed-report';
import { launchBrowser } from '../support/browser';
import { createTestDatabase } from '../support/database';
import { baseUrl, json, waitFor } from '../support/http';

const SCREENSHOT = join(__dirname, '../../docs/dashboard.png');

/** An attack on US forces: a prohibition breach, so a new alert for each new source. */
const attackOnUsForces = (id: string, source = 'unama', occurredAt = '2020-04-12') => ({
  type: 'incident',
  id,
  source,
  occurredAt,
  category: 'attack',
  actor: 'taliban',
  target: 'us-forces',
  location: { country: 'AF' },
});

describe('dashboard (browser)', () => {
  let db: { url: string; drop(): Promise<void> };
  let app: INestApplication;
  let url: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const pageErrors: string[] = [];
  const send = async (observations: object[]) => {
    const sent = await json(`${url}/observations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(observations),
    });
    expect(sent.status).toBe(202);
  };
  /** A new tab on the dashboard, `prepare`d (routes) before it loads. */
  const openPage = async (prepare: (tab: Page) => Promise<unknown> = async () => undefined) => {
    const tab = await browser.context.newPage();
    await prepare(tab);
    await tab.goto(`${url}/`, { waitUntil: 'load' });
    return tab;
  };
  const alertFrom = (tab: Page, source: string) =>
    tab.locator('#alert-list li.alert', { hasText: `no-attacks-on-us-forces · reported by ${source}:` });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApp({ DATABASE_URL: db.url, PORT: '0', ACCORDS_DIR: join(__dirname, '../../accords'), LOG_LEVEL: 'silent' });
    url = baseUrl(app);
    const seeded = await json(`${url}/observations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SEED_OBSERVATIONS),
    });
    expect(seeded.status).toBe(202);
    await waitFor(
      () => json(`${url}/accords/us-taliban-2020/compliance`).then((r) => r.body.asOf),
      (asOf) => asOf === '2020-04-15',
      60_000,
      'the accord clock to reach 2020-04-15',
    );
    await waitFor(
      () => json(`${url}/alerts?accordId=us-taliban-2020`).then((r) => r.body.alerts.length),
      (n) => n > 0,
      60_000,
      'alerts from the seed',
    );
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${url}/`, { waitUntil: 'load' });
    await page.waitForSelector('#commitments[aria-busy="false"]', { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  it('serves the page and its assets same-origin under the CSP', async () => {
    const html = await fetch(`${url}/`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const body = await html.text();
    expect(body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    for (const asset of Object.keys(ASSETS)) {
      const response = await fetch(`${url}/assets/${asset}`);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
    }
    expect((await fetch(`${url}/assets/..%2Fdashboard.controller.ts`)).status).toBe(404);
    expect((await fetch(`${url}/assets/package.json`)).status).toBe(404);
  });

  it('defaults to the accord and its live clock', async () => {
    expect(await page.locator('#accord').inputValue()).toBe('us-taliban-2020');
    expect(await page.locator('#as-of').inputValue()).toBe('2020-04-15');
  });

  it('shows the overall verdicts, the contested one explained', async () => {
    const violence = page.locator('[data-commitment="reduce-violence"]');
    await expect(violence.locator('.verdict-badge').textContent()).resolves.toBe('contested');
    const explanation = await violence.locator('.explanation').textContent();
    expect(explanation).toMatch(/sources disagree/i);
    expect(explanation).toMatch(/reuters says breached/);
    expect(explanation).toMatch(/taliban \(self-reported\) says compliant/);
    await expect(page.locator('[data-commitment="prisoner-release"] .verdict-badge').textContent()).resolves.toBe('breached');
  });

  it('lists every source with its verdict and marks a party reporting on itself', async () => {
    const rows = page.locator('[data-commitment="reduce-violence"] tr.source-row');
    expect(await rows.count()).toBe(2);
    const taliban = page.locator('[data-commitment="reduce-violence"] tr[data-source="taliban"]');
    expect(await taliban.getAttribute('data-self-reported')).toBe('true');
    expect(await taliban.locator('.tag.self-reported').textContent()).toBe('self-reported');
    expect(await taliban.textContent()).toMatch(/compliant.*claim.*537.*−54\.7%/s);
    const reuters = page.locator('[data-commitment="reduce-violence"] tr[data-source="reuters"]');
    expect(await reuters.locator('.tag.self-reported').count()).toBe(0);
    expect(await reuters.textContent()).toMatch(/breached.*4,500.*2,647.*\+70%/s);
  });

  it('draws a uPlot chart per commitment', async () => {
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('[data-commitment]')].map((card) => {
        const canvas = card.querySelector<HTMLCanvasElement>('.uplot canvas');
        if (!canvas) return { id: (card as HTMLElement).dataset.commitment, width: 0, inked: 0 };
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let inked = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
        return { id: (card as HTMLElement).dataset.commitment, width: canvas.width, inked };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual(['reduce-violence', 'prisoner-release', 'no-attacks-on-us-forces']);
    for (const chart of charts) {
      expect(chart.width).toBeGreaterThan(0);
      expect(chart.inked).toBeGreaterThan(1000);
    }
    expect(await page.locator('[data-commitment="prisoner-release"] .progress').getAttribute('aria-valuenow')).toBe('361');
  });

  it('keeps the claims no commitment is judged on beside them', async () => {
    const claim = page.locator('.claim[data-claim="afghan-government-2020-03-01-2020-04-15-security-forces-killed"]');
    expect(await claim.locator('.claim-summary').textContent()).toBe('900 vs 520 a year earlier');
  });

  it('says in an alert who reports and who is judged', async () => {
    const alert = page.locator('#alert-list li.alert[data-alert-id]', { hasText: 'reduce-violence · reported by reuters' });
    expect(await alert.first().locator('.alert-title').textContent()).toBe('reduce-violence · reported by reuters: breached by taliban');
    const overall = page.locator('#alert-list li.alert', { hasText: 'prisoner-release · overall' });
    expect(await overall.first().locator('.alert-title').textContent()).toBe(
      'prisoner-release · overall, all sources: breached by afghan-government',
    );
    expect(await page.locator('.footer').textContent()).not.toMatch(/CONTRACT/);
    expect(await page.locator('#verdict-rules').textContent()).toMatch(/README.*Verdict rules/);
  });

  it('lists the alerts and records an acknowledgement', async () => {
    const alerts = page.locator('#alert-list li.alert');
    await alerts.first().waitFor();
    expect(await alerts.count()).toBeGreaterThan(0);
    expect(await page.locator('#alert-list li.alert[data-severity="critical"][data-state="firing"]').count()).toBeGreaterThan(0);
    await page.locator('#ack-by').fill('duty-analyst');
    const first = alerts.first();
    const id = await first.getAttribute('data-alert-id');
    await first.locator('button.ack').click();
    const acked = page.locator(`#alert-list li.alert[data-alert-id="${id}"] .acknowledged-by`);
    await acked.waitFor({ timeout: 10_000 });
    expect(await acked.textContent()).toBe('duty-analyst');
    const stored = await waitFor(
      () => json(`${url}/alerts?accordId=us-taliban-2020`).then((r) => r.body.alerts.find((a: { id: string }) => a.id === id)),
      (a) => a?.acknowledgedBy === 'duty-analyst',
      30_000,
      'the acknowledgement to be projected',
    );
    expect(stored.acknowledgedBy).toBe('duty-analyst');
  });

  it('goes back in time with the as-of date', async () => {
    await page.locator('#as-of').fill('2020-03-05');
    await page.waitForFunction(
      () => document.querySelector('[data-commitment="prisoner-release"] .verdict-badge')?.textContent !== 'breached',
    );
    expect(await page.locator('[data-commitment="prisoner-release"] .verdict-badge').textContent()).toBe('insufficient data');
    // the clock is the data's latest date, not today's
    expect(await page.locator('#clock-state').textContent()).toBe('history · latest data 15 Apr 2020');
    expect(await page.locator('#live').textContent()).toBe('Latest data date');
    await page.locator('#live').click();
    await page.waitForFunction(() => (document.querySelector('#as-of') as HTMLInputElement).value === '2020-04-15');
    await page.waitForSelector('#commitments[aria-busy="false"] [data-commitment="prisoner-release"][data-verdict="breached"]');
  });

  it('takes new alerts live from the stream and follows the live clock', async () => {
    await page.waitForSelector('#stream-state[data-state="live"]', { timeout: 10_000 });
    await send([
      attackOnUsForces('us-1', 'unama', '2020-04-02'),
      attackOnUsForces('us-2', 'unama', '2020-04-10'),
      attackOnUsForces('us-3'),
    ]);
    const fresh = page.locator('#alert-list li.alert', { hasText: 'no-attacks-on-us-forces' });
    await fresh.first().waitFor({ timeout: 30_000 });
    await page.waitForSelector('[data-commitment="no-attacks-on-us-forces"][data-verdict="breached"]', { timeout: 30_000 });
    const row = page.locator('[data-commitment="no-attacks-on-us-forces"] tr[data-source="unama"]');
    expect(await row.textContent()).toMatch(/breached.*incidents.*3/s);
  });

  it('runs without script errors and saves a screenshot', async () => {
    await page.waitForSelector('#stream-state[data-state="live"]', { timeout: 10_000 });
    await page.waitForSelector('#commitments[aria-busy="false"]');
    mkdirSync(join(__dirname, '../../docs'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  describe('on a desk, a phone and paper', () => {
    const SHOTS = join(__dirname, '../../.test-tmp');
    /** What sticks out past the right edge of the viewport (the page scrolls sideways then). */
    const overflow = (tab: Page) =>
      tab.evaluate(() => {
        const width = window.innerWidth;
        const past = [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().right > width + 0.5)
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}#${el.id}`);
        return { scrollWidth: document.documentElement.scrollWidth, width, past };
      });
    const openAt = async (width: number, height: number) => {
      const tab = await openPage((t) => t.setViewportSize({ width, height }));
      await tab.waitForSelector('#commitments[aria-busy="false"] .uplot canvas', { timeout: 30_000 });
      await tab.locator('#alert-list li.alert').first().waitFor();
      return tab;
    };

    it.each([
      [1400, 900],
      [390, 844],
    ])('at %ix%i nothing overflows sideways', async (width, height) => {
      const tab = await openAt(width, height);
      mkdirSync(SHOTS, { recursive: true });
      await tab.screenshot({ path: join(SHOTS, `dashboard-${width}.png`), fullPage: true });
      await tab.screenshot({ path: join(SHOTS, `dashboard-${width}-first-screen.png`) });
      const found = await overflow(tab);
      expect(found.past).toEqual([]);
      expect(found.scrollWidth).toBeLessThanOrEqual(found.width);
      await tab.close();
    });

    it('on a phone, shows the firing alerts before the verdicts and every source line labelled', async () => {
      const tab = await openAt(390, 844);
      const top = (selector: string) => tab.locator(selector).evaluate((el) => el.getBoundingClientRect().top);
      expect(await top('.alerts')).toBeLessThan(await top('#commitments'));
      expect(await top('.alerts')).toBeLessThan(844);
      const reuters = tab.locator('[data-commitment="reduce-violence"] tr[data-source="reuters"] td.change');
      expect(await reuters.evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"Change"');
      await tab.close();
    });

    it('prints a brief: verdicts, charts and alerts, no controls', async () => {
      const tab = await openAt(1400, 900);
      await tab.emulateMedia({ media: 'print' });
      const shown = (selector: string) =>
        tab
          .locator(selector)
          .evaluateAll(
            (els) => els.filter((el) => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).position === 'fixed').length,
          );
      expect(await shown('button, select, input')).toBe(0);
      expect(await shown('.verdict-badge')).toBe(3);
      expect(await shown('.uplot canvas')).toBeGreaterThan(0);
      expect(await shown('#alert-list li.alert')).toBeGreaterThan(0);
      expect(await tab.locator('#as-of-print').textContent()).toBe('Verdicts as of 15 Apr 2020');
      await tab.screenshot({ path: join(SHOTS, 'dashboard-print.png'), fullPage: true });
      await tab.close();
    });
  });

  describe('when the network or the data get in the way', () => {
    it('reopens the stream after an answer that closes EventSource for good (a proxy 503), and takes alerts raised since', async () => {
      let opens = 0;
      const tab = await openPage((t) =>
        t.route(
          (u) => u.pathname === '/alerts/stream',
          (route) => (opens++ === 0 ? route.fulfill({ status: 503, body: 'proxy down' }) : route.continue()),
        ),
      );
      await tab.waitForSelector('#stream-state[data-state="live"]', { timeout: 15_000 });
      expect(opens).toBe(2);
      await send([attackOnUsForces('after-503', 'after-503')]);
      await alertFrom(tab, 'after-503').waitFor({ timeout: 30_000 });
      await tab.close();
    });

    it('keeps an alert raised while the page is still loading', async () => {
      let release!: () => void;
      const charts = new Promise<void>((resolve) => (release = resolve));
      // the charts are drawn last: hold them, so the alert is raised after the first alert load
      const tab = await openPage((t) =>
        t.route(
          (u) => u.pathname.endsWith('/windows'),
          (route) => charts.then(() => route.continue()),
        ),
      );
      await tab.waitForSelector('#alert-list li.alert');
      await send([attackOnUsForces('during-load', 'during-load')]);
      await waitFor(
        () =>
          json(`${url}/alerts?accordId=us-taliban-2020`).then((r) =>
            r.body.alerts.some((a: { source: string }) => a.source === 'during-load'),
          ),
        Boolean,
        30_000,
        'the alert to be raised',
      );
      release();
      await tab.waitForSelector('#commitments[aria-busy="false"]');
      await alertFrom(tab, 'during-load').waitFor({ timeout: 10_000 });
      await tab.close();
    });

    it('shows a firing alert older than the newest 500', async () => {
      // as if 500 newer alerts filled the first page: it holds none of the firing ones
      const tab = await openPage((t) =>
        t.route(
          (u) => u.pathname === '/alerts' && !u.searchParams.has('state'),
          (route) => route.fulfill({ json: { alerts: [] } }),
        ),
      );
      await tab.locator('#alert-list li.alert[data-state="firing"]').first().waitFor({ timeout: 15_000 });
      await tab.close();
    });

    it('says when the accords cannot be read, and retries', async () => {
      let failures = 1;
      const tab = await openPage((t) =>
        t.route(
          (u) => u.pathname === '/accords',
          (route) => (failures-- > 0 ? route.fulfill({ status: 502, body: 'bad gateway' }) : route.continue()),
        ),
      );
      const failed = tab.locator('#commitments .placeholder', { hasText: 'Could not load the accords (/accords: 502' });
      await failed.waitFor({ timeout: 10_000 });
      expect(await tab.getAttribute('#commitments', 'aria-busy')).toBe('false');
      await failed.locator('button.retry').click();
      await tab.waitForSelector('#commitments[aria-busy="false"] [data-commitment="reduce-violence"]', { timeout: 30_000 });
      await tab.close();
    });

    it('with no accords, says how to add one and still follows the stream', async () => {
      const tab = await openPage((t) =>
        t.route(
          (u) => u.pathname === '/accords',
          (route) => route.fulfill({ json: { accords: [] } }),
        ),
      );
      await tab.locator('#commitments .placeholder', { hasText: 'No accords defined yet' }).waitFor({ timeout: 10_000 });
      await tab.waitForSelector('#stream-state[data-state="live"]', { timeout: 10_000 });
      await tab.close();
    });

    it('parses server-sent events split anywhere across chunks, as the fetch reader gets them', async () => {
      const chunks = [
        ': keep-alive\r',
        '\nevent: alert\r\nid: a:1\r',
        '\ndata: {"x":',
        '1}\n',
        'data:two\n\n',
        'data: untyped\n\n',
        'event: alert\n\n',
      ];
      // as text: ts-jest would compile a dynamic import() in a function into require()
      const events = await page.evaluate(`import('/assets/sse.js').then(({ sseParser }) => {
        const got = [];
        const feed = sseParser((event) => got.push(event));
        for (const chunk of ${JSON.stringify(chunks)}) feed(chunk);
        return got;
      })`);
      expect(events).toEqual([
        { type: 'alert', data: '{"x":1}\ntwo', id: 'a:1' },
        { type: 'message', data: 'untyped', id: 'a:1' },
      ]);
    });
  });
  describe('a second accord, in Benin', () => {
    const BENIN = 'benin-dashboard-test';
    const commitment = {
      id: 'spare-civilians',
      kind: 'prohibition',
      metric: 'attacks',
      filter: { category: ['attack', 'explosion'], target: ['civilians', 'schools'], country: 'BJ' },
      window: { days: 30 },
    };
    const hit = (id: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
      type: 'incident',
      id,
      source: 'bj-watch',
      occurredAt,
      category: 'attack',
      actor: 'jnim',
      target: 'civilians',
      location: { country: 'BJ' },
      ...extra,
    });
    let tab: Page;
    const card = () => tab.locator('[data-commitment="spare-civilians"]');

    beforeAll(async () => {
      const accord = {
        name: 'Benin test',
        signedAt: '2024-01-01',
        timezone: 'UTC',
        parties: ['benin-government'],
        actors: { jnim: ['jnim', 'jama-at-nusrat'] },
        commitments: [commitment],
      };
      expect(
        (
          await json(`${url}/accords/${BENIN}`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(accord),
          })
        ).status,
      ).toBe(201);
      await send([hit('bj-1', '2024-03-01')]);
      const raised = `${BENIN}/spare-civilians/bj-watch`;
      await waitFor(
        () => json(`${url}/alerts?accordId=${BENIN}`).then((r) => r.body.alerts),
        (alerts) => alerts.some((a: { key: string }) => a.key === raised),
        30_000,
        'the Benin alert',
      );
      // the alert holds its severity while the numbers move on
      const outside = [hit('bj-3', '2024-03-03', { category: 'airstrike' }), hit('bj-4', '2024-03-04', { target: 'military' })];
      const claim = {
        type: 'aggregate',
        id: 'bj-claim',
        source: 'bj-watch',
        metric: 'killed',
        filter: { country: 'BJ' },
        period: { from: '2024-03-01', to: '2024-03-05' },
        value: 7,
      };
      await send([hit('bj-2', '2024-03-05', { target: 'schools', category: 'explosion' }), ...outside, claim]);
      await waitFor(
        () => json(`${url}/accords/${BENIN}/compliance`).then((r) => r.body.commitments[0].sources[0]?.value),
        (value) => value === 2,
        30_000,
        'the Benin verdict',
      );
      tab = await browser.context.newPage();
      await tab.goto(`${url}/?accord=${BENIN}`, { waitUntil: 'load' });
      await tab.waitForSelector('#commitments[aria-busy="false"] [data-commitment="spare-civilians"]', { timeout: 30_000 });
    });
    afterAll(() => tab?.close());

    it('lists its own claims beside it, none of the Afghan ones', async () => {
      await tab.locator('.claim[data-claim="bj-claim"]').waitFor({ timeout: 10_000 });
      expect(await tab.locator('.claim').evaluateAll((items) => items.map((c) => (c as HTMLElement).dataset.claim))).toEqual(['bj-claim']);
    });

    it('charts the series the verdict is judged on: the same value on the as-of date', async () => {
      expect(await card().locator('tr[data-source="bj-watch"]').textContent()).toMatch(/breached.*incidents.*2/s);
      expect(await card().locator('.chart-note').textContent()).toMatch(
        /^Counted from incidents reported by bj-watch: 2 in the 30 days to 5 Mar 2024/,
      );
    });

    it('shows an alert with its numbers at the transition, the current ones beside them, and when it was raised and since', async () => {
      const alert = tab.locator('#alert-list li.alert', { hasText: 'spare-civilians · reported by bj-watch' });
      await alert.waitFor({ timeout: 10_000 });
      expect(await alert.locator('.alert-when').textContent()).toBe('raised 1 Mar 2024');
      // no actor in the filter: what is judged is the commitment itself
      expect(await alert.locator('.alert-title').textContent()).toBe('spare-civilians · reported by bj-watch: the commitment breached');
      expect(await alert.locator('.alert-detail').textContent()).toMatch(/^value 1 · .* · verdict since 1 Mar 2024$/);
      expect(await alert.locator('.alert-now').textContent()).toBe('now (5 Mar 2024): breached, value 2 · since 1 Mar 2024');
    });
  });
});
