import { readFileSync } from 'node:fs';
import { Page } from 'playwright-core';
import { SEED_OBSERVATIONS } from '../../src/demo/seed-report';
import { launchBrowser } from '../support/browser';
import { json, waitFor } from '../support/http';
import { startTestMonitor, TestMonitor } from '../support/monitor';

const attack = (id: string, occurredAt: string, extra: object = {}) => ({
  type: 'incident',
  id,
  source: 'unama',
  occurredAt,
  category: 'attack',
  actor: 'taliban',
  target: 'us-forces',
  ...extra,
});

/** unama's attacks on US forces breach the prohibition: one revised to another day, one retracted. */
const UNAMA = [
  attack('us-1', '2020-04-02'),
  attack('us-2', '2020-04-05'),
  attack('us-2', '2020-04-06', { revision: 2 }),
  attack('us-3', '2020-04-08'),
  { type: 'retraction', id: 'us-3', source: 'unama', reason: 'duplicate report' },
];

describe('dashboard: the evidence behind a verdict (browser)', () => {
  let monitor: TestMonitor;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const pageErrors: string[] = [];
  const rows = () =>
    page
      .locator('#evidence tr.evidence-item')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));

  beforeAll(async () => {
    monitor = await startTestMonitor({}, { kafka: false });
    for (const batch of [SEED_OBSERVATIONS, UNAMA]) {
      const sent = await json(`${monitor.url}/observations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      });
      expect(sent.status).toBe(202);
    }
    await waitFor(
      () => json(`${monitor.url}/alerts?accordId=us-taliban-2020`).then((r) => r.body.alerts.map((a: { key: string }) => a.key)),
      (keys) => keys.includes('us-taliban-2020/no-attacks-on-us-forces/unama'),
      60_000,
      "unama's alert",
    );
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${monitor.url}/`, { waitUntil: 'load' });
    await page.waitForSelector('#commitments[aria-busy="false"]', { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await monitor?.stop();
  });

  it('opens an alert’s evidence: the incidents as they now stand, with their revisions', async () => {
    await page
      .locator('#alert-list li.alert', { hasText: 'no-attacks-on-us-forces · reported by unama' })
      .locator('button.evidence-alert')
      .click();
    await page.locator('#evidence tr.evidence-item').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('#evidence-title').textContent()).toMatch(/no-attacks-on-us-forces · unama · as of/);
    expect(await rows()).toEqual([
      ['2 Apr 2020', 'us-1', 'rev 1', 'window', '1', 'attack by taliban on us-forces'],
      ['6 Apr 2020', 'us-2', 'rev 2', 'window', '1', 'attack by taliban on us-forces'],
    ]);
  });

  it('downloads the same rows as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#evidence button.evidence-csv').click()]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('source,id,revision,occurredAt,localDate,amount,inWindow,data');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual(['unama,us-1,1', 'unama,us-2,2']);
  });

  it('opens an overall alert’s evidence source by source', async () => {
    await page.locator('#evidence button', { hasText: 'Close' }).click();
    await page.locator('#alert-list li.alert', { hasText: 'no-attacks-on-us-forces · overall' }).locator('button.evidence-alert').click();
    await page.locator('#evidence tr.evidence-item').first().waitFor({ timeout: 10_000 });
    expect(
      await page
        .locator('#evidence .evidence-source select')
        .evaluate((select: HTMLSelectElement) => [...select.options].map((o) => o.value)),
    ).toEqual(['unama']);
    expect((await rows()).map((cells) => cells[1])).toEqual(['us-1', 'us-2']);
  });

  it('opens a source’s verdict: a claim-decided entry shows the claim', async () => {
    await page.locator('#evidence button', { hasText: 'Close' }).click();
    await page.locator('[data-commitment="reduce-violence"] tr[data-source="reuters"] button.evidence-open').click();
    await page.waitForFunction(() => document.querySelector('#evidence-title')?.textContent?.includes('reduce-violence · reuters'));
    await page.locator('#evidence tr.evidence-item').first().waitFor({ timeout: 10_000 });
    const [[date, , , counts, amount]] = await rows();
    expect([date, counts, amount]).toEqual(['15 Apr 2020', 'window', '4,500']);
    expect(await page.locator('#evidence .evidence-summary').textContent()).toMatch(/^Claimed: 4,500/);
    expect(pageErrors).toEqual([]);
  });
});
