import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { createApp } from '../../src/app.factory';
import { SEED_OBSERVATIONS } from '../../src/demo/seed-report';
import { launchBrowser } from '../support/browser';
import { createTestDatabase } from '../support/database';
import { baseUrl, json, waitFor } from '../support/http';

/** An ACLED week straddling the start of the 30-day window to 15 April, on US forces: breached only if it fell inside. */
const RANGED = {
  type: 'incident',
  id: 'AFG1',
  source: 'acled',
  occurredAt: '2020-03-16',
  dateRange: { from: '2020-03-15', to: '2020-03-21' },
  placePrecision: 'region',
  category: 'attack',
  actor: 'taliban',
  target: 'us-forces',
};
const EARLY_RELEASE = {
  type: 'incident',
  id: 'r-early',
  source: 'unama',
  occurredAt: '2020-03-02',
  category: 'prisoner_release',
  actor: 'afghan-government',
  prisonersReleased: 100,
};

describe('uncertainty on the dashboard (browser)', () => {
  let db: { url: string; drop(): Promise<void> };
  let app: INestApplication;
  let url: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApp({ DATABASE_URL: db.url, PORT: '0', ACCORDS_DIR: join(__dirname, '../../accords'), LOG_LEVEL: 'silent' });
    url = baseUrl(app);
    const sent = await json(`${url}/observations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([...SEED_OBSERVATIONS, RANGED, EARLY_RELEASE]),
    });
    expect(sent.status).toBe(202);
    await waitFor(
      () => json(`${url}/accords/us-taliban-2020/compliance`).then((r) => r.body),
      (r) => r.asOf === '2020-04-15' && r.commitments.some((c: { certain: boolean }) => c.certain === false),
      60_000,
      'the ranged incident in the report',
    );
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  const card = (id: string) => page.locator(`.commitment[data-commitment="${id}"]`);
  const open = async (query = '') => {
    await page.goto(`${url}/${query}`, { waitUntil: 'load' });
    await page.waitForSelector('#commitments[aria-busy="false"]', { timeout: 30_000 });
  };

  it("shows the source's verdict as breached at the high estimate only, and the commitment as uncertain", async () => {
    await open();
    const prohibition = card('no-attacks-on-us-forces');
    await expect(prohibition.locator('tr[data-source="acled"] .tag.uncertain').textContent()).resolves.toBe(
      'breached at the high estimate only',
    );
    await expect(prohibition.locator('.overall .tag.uncertain').count()).resolves.toBe(1);
    await expect(card('reduce-violence').locator('.tag.uncertain').count()).resolves.toBe(0);
  });

  it('draws the low-high band on the window chart', async () => {
    await open();
    await expect(card('no-attacks-on-us-forces').locator('.u-legend').textContent()).resolves.toContain('High estimate');
  });

  it('draws the projected line of a quota before its deadline and says where the pace leads, and no band where every window is certain', async () => {
    await open('?accord=us-taliban-2020&asOf=2020-03-05');
    const quota = card('prisoner-release');
    await expect(quota.locator('.u-legend').textContent()).resolves.toContain('Projected (30-day pace)');
    // 100 in the 6 days since 29 February: 4,900 missing, 5 days left at 16.7 a day
    await expect(quota.locator('.chart-note').textContent()).resolves.toContain('4,817 short at the deadline');
    // before the ranged incident every window is certain
    await expect(card('no-attacks-on-us-forces').locator('.u-legend').textContent()).resolves.not.toContain('High estimate');
  });
});
