import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const SCRIPT = join(__dirname, '../../../scripts/stale-build.sh');

/** `npm start` builds only when stale-build.sh says so: exit 0 with the reason, 1 when up to date. */
describe('npm start: whether to build', () => {
  let root: string;
  const file = (path: string, ageSeconds: number) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, '');
    const when = Date.now() / 1000 - ageSeconds;
    utimesSync(full, when, when);
  };
  const decide = () => {
    const run = spawnSync('bash', [SCRIPT, root], { encoding: 'utf8' });
    return { build: run.status === 0, reason: run.stdout.trim(), status: run.status };
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cfm-build-'));
    for (const path of ['src/main.ts', 'src/cli/main.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'])
      file(path, 100);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds on a bare machine', () => {
    expect(decide()).toEqual({ build: true, reason: 'no build yet', status: 0 });
  });

  it('builds when dist/ was built by npm ci (no stamp)', () => {
    file('dist/main.js', 50);
    expect(decide()).toMatchObject({ build: true, reason: 'no build yet' });
  });

  it('starts without building when nothing changed since the last build', () => {
    file('dist/main.js', 50);
    file('dist/.build-stamp', 60);
    expect(decide()).toEqual({ build: false, reason: '', status: 1 });
  });

  it.each(['src/cli/main.ts', 'src/new-after-pull.ts', 'tsconfig.json', 'package-lock.json'])(
    'builds again when %s is newer than the last build',
    (path) => {
      file('dist/main.js', 50);
      file('dist/.build-stamp', 60);
      file(path, 10);
      expect(decide()).toEqual({ build: true, reason: `${path} changed since the last build`, status: 0 });
    },
  );
});
