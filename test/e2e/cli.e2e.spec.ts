import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createApp } from '../../src/app.factory';
import { openDatabase } from '../../src/database/data-source';
import { buildOnce } from '../support/child-app';
import { createTestDatabase } from '../support/database';
import { baseUrl } from '../support/http';
import { rng } from '../support/synthetic';
import { BUCKET_ROWS } from '../../src/projections/bucket-queries';

const run = promisify(execFile);
const CLI = join(__dirname, '../../bin/ceasefire-monitor.js');
const HEADER =
  'event_id_cnty,event_date,year,event_type,sub_event_type,actor1,actor2,admin1,admin2,location,latitude,longitude,iso,country,fatalities,source,notes,timestamp';
const TYPES = [
  ['Battles', 'Armed clash'],
  ['Explosions/Remote violence', 'Air/drone strike'],
  ['Explosions/Remote violence', 'Remote explosive/landmine/IED'],
  ['Violence against civilians', 'Attack'],
  ['Strategic developments', 'Other'],
];

/** A synthetic ACLED export: `rows` events, every 500th with an impossible date. */
function acledCsv(rows: number): { csv: string; bad: number[] } {
  const random = rng(42);
  const lines = [HEADER];
  const bad: number[] = [];
  for (let i = 0; i < rows; i++) {
    const [type, sub] = TYPES[Math.floor(random() * TYPES.length)];
    const day = 1 + Math.floor(random() * 28);
    const date = i % 500 === 499 ? '2020-02-31' : `${day} March 2020`;
    if (i % 500 === 499) bad.push(i + 2); // line numbers: the header is line 1
    const notes =
      i % 7 === 0 ? '"On 3 March, Taliban fighters attacked a checkpoint, ""killing"" 2, in Nad-e Ali\nsecond line"' : 'Clash reported';
    lines.push(
      [
        `AFG${40000 + i}`,
        date,
        '2020',
        type,
        sub,
        'Taliban',
        'Military Forces of Afghanistan (2014-2021)',
        'Helmand',
        'Nad-e Ali',
        'Marjah',
        '31.5',
        '64.1',
        '4',
        'Afghanistan',
        String(Math.floor(random() * 4)),
        'Pajhwok',
        notes,
        '1618000000',
      ].join(','),
    );
  }
  return { csv: lines.join('\r\n') + '\r\n', bad };
}

/** One row in HEADER's columns: a clash in Helmand on 21 March 2020 by `actor`. */
const acledRow = (id: string, actor: string) => [
  id,
  '2020-03-21',
  '2020',
  'Battles',
  'Armed clash',
  actor,
  '',
  'Helmand',
  '',
  'Marjah',
  '31.5',
  '64.1',
  '4',
  'Afghanistan',
  '1',
  'Pajhwok',
  'Clash',
  '1618000000',
];

describe('the command line', () => {
  let dir: string;
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    buildOnce();
    dir = await mkdtemp(join(tmpdir(), 'cfm-cli-'));
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
  });

  const cli = async (args: string[], databaseUrl = db.url) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
        env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl },
        maxBuffer: 10_000_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('imports an ACLED export of 3,000 rows with exact counts, line-numbered rejections and exit code 1', async () => {
    const { csv, bad } = acledCsv(3000);
    const file = join(dir, 'acled.csv');
    await writeFile(file, csv);
    const first = await cli(['import', file]);
    expect(first.stdout).toContain(`import: 3000 observations: ${3000 - bad.length} accepted, 0 duplicate, ${bad.length} rejected`);
    expect(first.code).toBe(1);
    // quoted notes hold newlines, so line numbers count physical lines: check the reason and that each is reported once
    expect(first.stderr.match(/^line \d+: event_date: /gm)).toHaveLength(bad.length);

    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n, count(DISTINCT data->>'notes')::int AS notes FROM events WHERE stream = 'acled'`,
      );
      expect(rows[0].n).toBe(3000 - bad.length);
      expect(rows[0].notes).toBe(2); // the quoted note with commas, quotes and a newline survived whole
      const { rows: buckets } = await client.query(`SELECT sum(attacks)::int AS attacks FROM ${BUCKET_ROWS} AS b WHERE source = 'acled'`);
      expect(buckets[0].attacks).toBeGreaterThan(0); // the import brought the projections up to date
    } finally {
      await client.end();
    }

    const again = await cli(['import', file]);
    expect(again.stdout).toContain(`import: 3000 observations: 0 accepted, ${3000 - bad.length} duplicate, ${bad.length} rejected`);
  });

  it('imports a current Benin export and a 2016 API pull with their countries, and reports on stderr what mapped to nothing', async () => {
    const fixture = (name: string) => join(__dirname, '../fixtures/acled', name);
    const extra = join(dir, 'acled-2016-gaps.csv');
    const lines = (await readFile(fixture('api-2016.csv'), 'utf8')).trimEnd().split('\n');
    const gap = (id: string, iso: string, country: string, type: string) =>
      `1,${iso},${id},1,2016-03-01,2016,1,${type},Rebels,,2,,,0,20,${country},,,,,,,1,Wire,Note,0`;
    await writeFile(
      extra,
      [lines[0], gap('ATL1', '999', 'Atlantis', 'Battle-No change of territory'), gap('ATL2', '999', 'Atlantis', 'Skirmish'), ''].join(
        '\n',
      ),
    );

    const benin = await cli(['import', fixture('benin-2009-2022.csv')]);
    expect(benin.stdout).toContain('import: 12 observations: 12 accepted, 0 duplicate, 0 rejected');
    expect(benin.stderr).toBe('acled: 1 row without an actor (actor1 empty or NA)\n');
    const api = await cli(['import', fixture('api-2016.csv')]);
    expect(api.stdout).toContain('import: 14 observations: 14 accepted, 0 duplicate, 0 rejected');
    expect(api.stderr).toBe('');
    const gaps = await cli(['import', extra]);
    expect(gaps.code).toBe(0);
    expect(gaps.stderr).toBe(
      "acled: 2 rows with the unknown country 'Atlantis' iso 999: no location.country\nacled: 1 row with the unknown event type 'Skirmish': category other\n",
    );

    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT data->'location'->>'country' AS country, count(*)::int AS n FROM events WHERE stream = 'acled' AND key ~ '^(BEN9|SOM9|SWZ9|ATL)' GROUP BY 1 ORDER BY 1`,
      );
      expect(rows).toEqual([
        { country: 'BJ', n: 12 },
        { country: 'SO', n: 3 },
        { country: 'SZ', n: 1 },
        { country: null, n: 2 },
      ]);
    } finally {
      await client.end();
    }
  });

  it('imports a UCDP GED file with its uncertainty, replaces it by a later release, and reports bad rows by line', async () => {
    const fixture = join(__dirname, '../fixtures/ucdp/ged-24.1.csv');
    const first = await cli(['import', fixture, '--format', 'ucdp', '--ged-version', '24.1']);
    expect(first.stdout).toContain('import: 5 observations: 5 accepted, 0 duplicate, 0 rejected');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);

    // the next release: one event's high revised, one row whose figures disagree, one in an unknown country
    const lines = (await readFile(fixture, 'utf8')).trimEnd().split('\r\n');
    const later = join(dir, 'ged-25.1.csv');
    const revised = lines[1].replace(',5,9,4,700,', ',5,11,4,700,');
    const wrong = lines[1].replace(/^900101,/, '900199,').replace(',5,9,4,700,', ',5,9,6,700,');
    const atlantis = lines[2].replace(/^900102,/, '900198,').replace(',Afghanistan,700,', ',Atlantis,999,');
    await writeFile(later, [lines[0], revised, wrong, atlantis, ''].join('\r\n'));
    const second = await cli(['import', later, '--format', 'ucdp', '--ged-version', '25.1']);
    expect(second.stdout).toContain('import: 3 observations: 2 accepted, 0 duplicate, 1 rejected');
    expect(second.stderr).toBe(
      "line 3: low: must not be above best (5)\nucdp: 1 row with the unknown country 'Atlantis': no location.country\n",
    );
    expect(second.code).toBe(1);
    expect((await cli(['import', later, '--format', 'acled', '--ged-version', '25.1'])).stderr).toContain(
      '--ged-version is for --format ucdp',
    );
    expect((await cli(['import', later, '--format', 'ucdp', '--ged-version', 'v25'])).code).toBe(2);

    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT key, revision, data FROM events WHERE stream = 'ucdp' ORDER BY key, revision`);
      expect(rows.map((r) => [r.key, r.revision])).toEqual([
        ['900101', 240100],
        ['900101', 250100],
        ['900102', 240100],
        ['900103', 240100],
        ['900104', 240100],
        ['900105', 240100],
        ['900198', 250100],
      ]);
      const byKey = new Map(rows.map((r) => [`${r.key}/${r.revision}`, r.data]));
      expect(byKey.get('900101/250100')).toMatchObject({
        source: 'ucdp',
        occurredAt: '2020-03-02',
        category: 'clash',
        actor: 'government-of-afghanistan',
        target: 'taleban',
        placePrecision: 'exact',
        killed: { 'government-of-afghanistan': 3, taleban: 2 },
        killedLow: { 'government-of-afghanistan': 2, taleban: 2 },
        killedHigh: { 'government-of-afghanistan': 7, taleban: 4 },
        location: { country: 'AF', admin1: 'Hilmand province' },
        ucdp: { high: 11 },
      });
      expect(byKey.get('900102/240100')).toMatchObject({
        dateRange: { from: '2020-03-01', to: '2020-03-07' },
        placePrecision: 'region',
        killed: { taleban: 2, is: 3, unknown: 1 },
      });
      expect(byKey.get('900104/240100')).toMatchObject({
        location: { country: 'CD' },
        placePrecision: 'country',
        dateRange: { from: '2020-03-01', to: '2020-03-31' },
      });
      expect(byKey.get('900105/240100')).toMatchObject({ location: { country: 'MM' }, killed: { unknown: 0 }, killedHigh: { unknown: 3 } });
      expect(byKey.get('900198/250100').location).not.toHaveProperty('country');
    } finally {
      await client.end();
    }
  });

  it('imports NDJSON, reporting bad lines by number', async () => {
    const file = join(dir, 'obs.ndjson');
    const over64KiB = JSON.stringify({
      type: 'incident',
      id: 'n3',
      source: 'unama',
      occurredAt: '2020-03-02',
      category: 'attack',
      padding: 'p'.repeat(70_000),
    });
    const nul = JSON.stringify({
      type: 'incident',
      id: 'n4',
      source: 'unama',
      occurredAt: '2020-03-02',
      category: 'attack',
      notes: 'a\u0000b',
    });
    await writeFile(
      file,
      [
        '{"type":"incident","id":"n1","source":"unama","occurredAt":"2020-03-02","category":"attack"}',
        '',
        '{"type":"incident"',
        '{"type":"incident","id":"n2","source":"unama","occurredAt":"2020-03-03","category":"clash"}',
        over64KiB,
        nul,
      ].join('\n'),
    );
    const result = await cli(['import', file]);
    expect(result.stdout).toContain('import: 5 observations: 2 accepted, 0 duplicate, 3 rejected');
    expect(result.stderr).toMatch(/^line 3: \(root\): not valid JSON/m);
    expect(result.stderr).toMatch(/^line 5: \(root\): object is over 65536 bytes$/m);
    expect(result.stderr).toMatch(/^line 6: notes: must not contain U\+0000/m);
    expect(result.code).toBe(1);
  });

  it('rejects by line number an NDJSON line that is not UTF-8, as Kafka does, and stores the lines around it', async () => {
    const file = join(dir, 'latin1.ndjson');
    const line = (id: string, notes: string) =>
      `{"type":"incident","id":"${id}","source":"unama","occurredAt":"2020-03-02","category":"attack","notes":"${notes}"}`;
    const latin1 = Buffer.from(line('l2', 'S\xe9l\xe9ka attack'), 'latin1');
    await writeFile(
      file,
      Buffer.concat([Buffer.from(`\uFEFF${line('l1', 'Séléka attack')}\n`), latin1, Buffer.from(`\n${line('l3', 'ok')}\n`)]),
    );
    const result = await cli(['import', file]);
    expect(result.stdout).toContain('import: 3 observations: 2 accepted, 0 duplicate, 1 rejected');
    expect(result.stderr.trim()).toBe('line 2: (root): message is not valid UTF-8');
    expect(result.code).toBe(1);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT key, data->>'notes' AS notes FROM events WHERE stream = 'unama' AND key LIKE 'l_' ORDER BY key`,
      );
      expect(rows).toEqual([
        { key: 'l1', notes: 'Séléka attack' },
        { key: 'l3', notes: 'ok' },
      ]);
    } finally {
      await client.end();
    }
  });

  it('rejects a 20 MB single-line NDJSON file as over the size limit, without holding it', async () => {
    const file = join(dir, 'one-line.ndjson');
    await writeFile(file, `[${'{"type":"incident","id":"x","source":"unama"},'.repeat(440_000)}{}]`);
    const result = await cli(['import', file]);
    expect(result.stdout).toContain('import: 1 observations: 0 accepted, 0 duplicate, 1 rejected');
    expect(result.stderr.trim()).toBe('line 1: (root): object is over 65536 bytes');
    expect(result.code).toBe(1);
  });

  it('stops an ACLED export that is not UTF-8 at its first such line, exit code 2, rather than mangle names', async () => {
    const file = join(dir, 'acled-cp1252.csv');
    const row = (id: string, actor: string) => acledRow(id, actor).join(',');
    await writeFile(file, Buffer.from([HEADER, row('CP1', 'Taliban'), row('CP2', 'S\xe9l\xe9ka Militia'), ''].join('\r\n'), 'latin1'));
    const result = await cli(['import', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ceasefire-monitor: line 3: not valid UTF-8/);
  });

  it('imports an ACLED export with a byte-order mark and a quoted header', async () => {
    const file = join(dir, 'acled-bom.csv');
    const quoted = (fields: string[]) => fields.map((f) => `"${f}"`).join(',');
    const row = acledRow('BOM1', 'Séléka Militia');
    await writeFile(file, `\uFEFF${quoted(HEADER.split(','))}\r\n${quoted(row)}\r\n`);
    const result = await cli(['import', file]);
    expect(result.stdout).toContain('import: 1 observations: 1 accepted, 0 duplicate, 0 rejected');
    expect(result.code).toBe(0);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT data->>'actor' AS actor FROM events WHERE stream = 'acled' AND key = 'BOM1'`);
      expect(rows).toEqual([{ actor: 'seleka-militia' }]);
    } finally {
      await client.end();
    }
  });

  it('reports an unreachable database in one line with exit code 2, without its password', async () => {
    const file = join(dir, 'unreachable.ndjson');
    await writeFile(file, '{}\n');
    const url = 'postgres://monitor:s3cret-pw@127.0.0.1:1/ceasefire';
    for (const args of [['import', file], ['rebuild']]) {
      const result = await cli(args, url);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^ceasefire-monitor: connect ECONNREFUSED 127\.0\.0\.1:1\n$/);
      expect(result.stderr + result.stdout).not.toContain('s3cret-pw');
    }
  });

  it('reports by line an observation the store refuses for what it holds, and appends the rest', async () => {
    await (await openDatabase(db.url, 1)).destroy(); // the schema, whichever test runs first
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      // a real refusal (SQLSTATE 22023), standing for whatever validation may yet miss
      await client.query(`CREATE FUNCTION refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.data->>'notes' = 'refuse me' THEN RAISE EXCEPTION 'a value this store cannot hold' USING ERRCODE = '22023'; END IF; RETURN NEW; END $$`);
      await client.query(`CREATE TRIGGER refuse_marked BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_marked()`);
      const file = join(dir, 'refused.ndjson');
      const line = (id: string, notes = '') =>
        JSON.stringify({ type: 'incident', id, source: 'unama', occurredAt: '2020-03-05', category: 'attack', notes });
      await writeFile(file, [line('r1'), line('r2', 'refuse me'), line('r3'), line('r4')].join('\n'));
      const result = await cli(['import', file]);
      expect(result.stdout).toContain('import: 4 observations: 3 accepted, 0 duplicate, 1 rejected');
      expect(result.stderr).toMatch(/^line 2: refused by the event store: a value this store cannot hold$/m);
      expect(result.code).toBe(1);
      const { rows } = await client.query(`SELECT key FROM events WHERE stream = 'unama' AND key LIKE 'r_' ORDER BY key`);
      expect(rows.map((r) => r.key)).toEqual(['r1', 'r3', 'r4']);
    } finally {
      await client.query(`DROP TRIGGER IF EXISTS refuse_marked ON events`);
      await client.end();
    }
  });

  it('imports through a running monitor (--url): what it rejects is reported by line and the rest of the batch sent again', async () => {
    // The monitor's clock stands at 2020-03-10: an incident of April 2020 is in its future, not in this machine's.
    const served = await createTestDatabase();
    const env = {
      DATABASE_URL: served.url,
      PORT: '0',
      ACCORDS_DIR: join(__dirname, '../../accords'),
      LOG_LEVEL: 'silent',
      API_KEYS: 'cli-import-key:ingest',
    };
    const app = await createApp(env, { now: () => new Date('2020-03-10T12:00:00Z') });
    try {
      const file = join(dir, 'via-http.ndjson');
      const line = (id: string, occurredAt: string) =>
        JSON.stringify({ type: 'incident', id, source: 'unama', occurredAt, category: 'attack' });
      await writeFile(
        file,
        [
          line('u1', '2020-03-02'),
          line('u2', '2020-04-01'),
          line('u3', '2020-03-03'),
          line('u4', '2020-05-01'),
          line('u5', '2020-03-04'),
        ].join('\n'),
      );
      const args = ['import', file, '--url', baseUrl(app), '--api-key', 'cli-import-key', '--batch', '10'];
      const first = await cli(args);
      expect(first.stdout).toContain('import: 5 observations: 3 accepted, 0 duplicate, 2 rejected');
      expect(first.stderr.match(/^line \d+: occurredAt: must not be more than one day in the future$/gm)).toEqual([
        'line 2: occurredAt: must not be more than one day in the future',
        'line 4: occurredAt: must not be more than one day in the future',
      ]);
      expect(first.code).toBe(1);
      expect((await cli(args)).stdout).toContain('import: 5 observations: 0 accepted, 3 duplicate, 2 rejected');

      const refused = await cli(['import', file, '--url', baseUrl(app), '--api-key', 'not-the-key']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/answered 401/);
    } finally {
      await app.close();
      await served.drop();
    }
  });

  it('rebuilds the projections and documents every command', async () => {
    const rebuild = await cli(['rebuild']);
    expect(rebuild.code).toBe(0);
    expect(rebuild.stdout).toMatch(/rebuild: \d+ events replayed into fresh projections/);
    for (const command of ['import', 'rebuild', 'demo', 'serve']) {
      const help = await cli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: ceasefire-monitor ${command}`);
    }
    expect((await cli(['frobnicate'])).code).toBe(2);
  });
});
