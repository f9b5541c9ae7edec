import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { createApp } from '../../src/app.factory';
import { launchBrowser } from '../support/browser';
import { createTestDatabase } from '../support/database';
import { baseUrl, json } from '../support/http';

const ANALYST_KEY = 'analyst-key-for-the-dashboard-test';
const INGEST_KEY = 'ingest-key-for-the-dashboard-test';
const ADMIN_KEY = 'admin-key-for-the-dashboard-test';

/** The k8s deployment's setting: API_KEYS set, and here reads need a key too (READ_REQUIRES_KEY). */
describe('dashboard (browser) with API keys', () => {
  let db: { url: string; drop(): Promise<void> };
  let app: INestApplication;
  let url: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = {
      API_KEYS: `${ANALYST_KEY}:analyst,${INGEST_KEY}:ingest,${ADMIN_KEY}:admin`,
      READ_REQUIRES_KEY: 'true',
      LOG_LEVEL: 'silent',
    };
    app = await createApp({ ...env, DATABASE_URL: db.url, PORT: '0', ACCORDS_DIR: join(__dirname, '../../accords') });
    url = baseUrl(app);
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${url}/`, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  it('without a key, says one is needed', async () => {
    await page.locator('#commitments .placeholder', { hasText: 'needs an API key to read' }).waitFor({ timeout: 10_000 });
  });

  it('with a key, loads, follows the stream (read with fetch, which can send the key) and acknowledges', async () => {
    await page.locator('#api-key').fill(ANALYST_KEY);
    await page.locator('#api-key').dispatchEvent('change');
    await page.waitForSelector('#commitments[aria-busy="false"] [data-commitment="no-attacks-on-us-forces"]', { timeout: 30_000 });
    await page.waitForSelector('#stream-state[data-state="live"]', { timeout: 10_000 });
    const attack = {
      type: 'incident',
      id: 'keyed-1',
      source: 'unama',
      occurredAt: '2020-04-12',
      category: 'attack',
      actor: 'taliban',
      target: 'us-forces',
    };
    const sent = await json(`${url}/observations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': INGEST_KEY },
      body: JSON.stringify([attack]),
    });
    expect(sent.status).toBe(202);
    const alert = page.locator('#alert-list li.alert', { hasText: 'no-attacks-on-us-forces · reported by unama:' });
    await alert.waitFor({ timeout: 30_000 });
    await page.locator('#ack-by').fill('keyed-analyst');
    await alert.locator('button.ack').click();
    await alert.locator('.acknowledged-by', { hasText: 'keyed-analyst' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#error').textContent()).toBe('');
  });

  it('keeps the key for the tab in sessionStorage, never in a URL', async () => {
    expect(await page.evaluate(() => sessionStorage.getItem('ceasefire-monitor.apiKey'))).toBe(ANALYST_KEY);
    expect(requests.filter((u) => u.includes(ANALYST_KEY))).toEqual([]);
    await page.reload({ waitUntil: 'load' });
    expect(await page.locator('#api-key').inputValue()).toBe(ANALYST_KEY);
    await page.waitForSelector('#commitments[aria-busy="false"] [data-commitment="no-attacks-on-us-forces"]', { timeout: 30_000 });
    expect(requests.filter((u) => u.includes(ANALYST_KEY))).toEqual([]);
  });

  it('retires the accord for an admin once confirmed, and tells an analyst it needs the admin role', async () => {
    page.on('dialog', (dialog) => dialog.accept());
    await page.locator('button.retire-accord').click();
    await page.locator('#error', { hasText: 'needs an API key with the admin role' }).waitFor({ state: 'attached', timeout: 10_000 });
    expect((await json(`${url}/accords/us-taliban-2020`, { headers: { 'x-api-key': ANALYST_KEY } })).status).toBe(200);

    await page.locator('#api-key').fill(ADMIN_KEY);
    await page.locator('#api-key').dispatchEvent('change');
    await page.waitForSelector('#commitments[aria-busy="false"] [data-commitment="no-attacks-on-us-forces"]', { timeout: 30_000 });
    await page.locator('button.retire-accord').click();
    await page.locator('#commitments .placeholder', { hasText: 'No accords defined yet' }).waitFor({ timeout: 10_000 });
    expect((await json(`${url}/accords/us-taliban-2020`, { headers: { 'x-api-key': ADMIN_KEY } })).status).toBe(404);
  });
});
