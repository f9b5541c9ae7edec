import { INestApplication } from '@nestjs/common';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { main } from '../../src/cli/main';
import { createTestDatabase } from '../support/database';
import { baseUrl, json } from '../support/http';

const JOINT = 'jnim-group-for-support-of-islam-and-muslims-and-or-islamic-state-sahel';
const ACCORD = `id: sahel-check
name: Sahel check
signedAt: 2024-01-01
timezone: UTC
actors:
  jnim: [jnim, ${JOINT}]
  burkina-forces: [military-forces-of-burkina-faso-2022-]
commitments:
  - { id: spare-civilians, kind: prohibition, metric: attacks, filter: { actor: jnim, target: civilians }, window: { days: 30 } }
`;

describe('accord check FILE', () => {
  let db: { url: string; drop(): Promise<void> };
  let app: INestApplication;
  let dir: string;
  let out = '';
  let err = '';
  const check = async (file: string) => {
    out = err = '';
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
    try {
      return await main(['accord', 'check', file]);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cfm-accord-check-'));
    db = await createTestDatabase();
    app = await createApp({ DATABASE_URL: db.url, PORT: '0', ACCORDS_DIR: join(dir, 'none'), LOG_LEVEL: 'silent' });
    const incident = (id: string, actor: string, target: string) => ({
      type: 'incident',
      id,
      source: 'acled',
      occurredAt: '2024-03-01',
      category: 'attack',
      actor,
      target,
    });
    const sent = await json(`${baseUrl(app)}/observations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        incident('e1', JOINT, 'civilians'),
        incident('e2', JOINT, 'civilians'),
        incident('e3', 'military-forces-of-burkina-faso-2022', 'jnim-militants'),
      ]),
    });
    expect(sent.status).toBe(202);
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await app?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the JSON Schema of the document at /schemas/accord.json', async () => {
    const { status, body } = await json(`${baseUrl(app)}/schemas/accord.json`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ $id: '/schemas/accord.json', required: ['id', 'name', 'signedAt', 'timezone', 'commitments'] });
  });

  it('lists the store slugs the aliases match, those they do not, and the most similar for an alias that matches nothing', async () => {
    const file = join(dir, 'sahel.yaml');
    await writeFile(file, ACCORD);
    expect(await check(file)).toBe(0);
    expect(out).toContain(`${file}: a valid accord, sahel-check (1 commitment)`);
    expect(out).toContain(`✓ ${JOINT}  2 incidents`);
    expect(out).toContain(
      '✗ military-forces-of-burkina-faso-2022-  matches nothing; most similar in the store: military-forces-of-burkina-faso-2022',
    );
    expect(out).toContain('✓ civilians  2 incidents');
    expect(out).toMatch(
      /slugs in the store no name of the accord matches \(2, most frequent first\):\n {4}jnim-militants {2}1 incident\n {4}military-forces-of-burkina-faso-2022 {2}1 incident/,
    );
  });

  it('refuses an invalid document, naming each field, with exit code 1', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, ACCORD.replace('timezone: UTC', 'timezone: Sahel/Nowhere').replace('metric: attacks', 'metric: raids'));
    expect(await check(file)).toBe(1);
    expect(err).toContain(`${file}: timezone is not an IANA time zone`);
    expect(err).toContain(`${file}: commitments.0.metric is not a metric`);
    expect(out).toBe('');
  });
});
