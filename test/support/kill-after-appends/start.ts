import { join } from 'node:path';
import { buildOnce, ChildApp, ROOT, startChildApp } from '../child-app';

const TSCONFIG = join(ROOT, 'test/support/kill-after-appends/tsconfig.json');
const MAIN = join(ROOT, '.test-tmp/kill-after-appends/test/support/kill-after-appends/main.js');

/** Starts the monitor from main.ts beside this file, to kill itself after its `appends`-th Kafka append. */
export function startKilledAfterAppends(env: Record<string, string>, appends: number, port: number): Promise<ChildApp> {
  buildOnce(TSCONFIG);
  return startChildApp({ ...env, KILL_AFTER_APPENDS: String(appends) }, port, ROOT, MAIN);
}
