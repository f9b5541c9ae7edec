import { createApp } from '../../../src/app.factory';
import { systemClock } from '../../../src/config/clock';

/**
 * The monitor as dist/main.js starts it, but killed right after its KILL_AFTER_APPENDS-th
 * Kafka batch is stored, before the batch's offsets are committed.
 */
const after = Number(process.env.KILL_AFTER_APPENDS);
let appends = 0;
createApp(process.env, systemClock, {
  appended: () => {
    if (++appends >= after) process.kill(process.pid, 'SIGKILL');
  },
}).catch((error: unknown) => {
  process.stderr.write(`kill-after-appends: ${(error as Error).message}\n`);
  process.exit(1);
});
