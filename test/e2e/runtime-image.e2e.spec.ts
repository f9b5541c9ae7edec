import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASSETS } from '../../src/dashboard/dashboard-assets';
import { buildOnce, ChildApp, freePort, startChildApp } from '../support/child-app';
import { createTestDatabase } from '../support/database';
import { materialiseRuntime } from '../support/runtime-image';

/** The monitor run from what infra/Dockerfile's runtime stage copies (Docker itself is not needed). */
describe('the runtime image layout', () => {
  let db: { url: string; drop(): Promise<void> };
  let tree: string;
  let app: ChildApp | undefined;
  const start = async () => (app = await startChildApp({ DATABASE_URL: db.url, ACCORDS_DIR: join(tree, 'accords') }, freePort(), tree));

  beforeAll(async () => {
    buildOnce();
    db = await createTestDatabase();
    tree = mkdtempSync(join(tmpdir(), 'cfm-image-'));
    materialiseRuntime(tree);
  });

  afterEach(async () => {
    await app?.kill();
    app = undefined;
  });

  afterAll(async () => {
    rmSync(tree, { recursive: true, force: true });
    await db?.drop();
  });

  it('serves the dashboard page and every asset', async () => {
    const { url } = await start();
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/assets/dashboard.js">');
    for (const name of Object.keys(ASSETS))
      expect({ name, status: (await fetch(`${url}/assets/${name}`)).status }).toEqual({ name, status: 200 });
  });

  it("without the page's files, keeps serving the API, answers 503 in the error shape and says why in the log", async () => {
    rmSync(join(tree, 'src/dashboard/public'), { recursive: true });
    const { url, output } = await start();
    expect((await fetch(`${url}/health`)).status).toBe(200);
    for (const path of ['/', '/assets/dashboard.js']) {
      const response = await fetch(`${url}${path}`);
      expect({ path, status: response.status, body: await response.json() }).toMatchObject({
        path,
        status: 503,
        body: { statusCode: 503, code: 'UNAVAILABLE', message: 'the dashboard is not installed in this deployment' },
      });
    }
    expect((await fetch(`${url}/assets/nothing.js`)).status).toBe(404);
    expect(output()).toMatch(/dashboard files missing.*src\/dashboard\/public/);
  });
});
