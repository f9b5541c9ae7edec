import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccordsService } from '../../../src/accords/accords.service';
import { Config } from '../../../src/config/config';

describe('starting with bad accord files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cfm-accords-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stops, naming every file and field at once, and says how to start without them', async () => {
    writeFileSync(join(dir, 'a.yaml'), 'id: a\nname: A\nsignedAt: 2020-01-01\ntimezone: Mars/Olympus\ncommitments: []\n');
    writeFileSync(
      join(dir, 'b.json'),
      '{"id": "b", "name": "B", "signedAt": "2020-13-01", "timezone": "UTC", "commitments": [{"id": "c", "kind": "ban"}]}',
    );
    // the store is never reached: the files are refused before anything is defined
    const service = new AccordsService({} as never, {} as never, { ACCORDS_DIR: dir } as Config, {} as never);
    const failure = await service.onApplicationBootstrap().then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failure?.split('\n')).toEqual([
      `2 accord files in ACCORDS_DIR (${dir}) are invalid:`,
      expect.stringMatching(/^ {2}a\.yaml: timezone is not an IANA time zone/),
      expect.stringMatching(/^ {2}a\.yaml: commitments must list at least one commitment/),
      expect.stringMatching(/^ {2}b\.json: signedAt /),
      expect.stringMatching(/^ {2}b\.json: commitments\.0(\.kind)? /),
      expect.stringContaining('start without them: ACCORDS_DIR=<another directory>'),
    ]);
  });
});
