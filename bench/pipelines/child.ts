import { handBatched } from './hand-batched';
import { naive } from './naive';
import { rawParse } from './raw-parse';
import { BaselineContext } from './baseline';

/**
 * A baseline in a process of its own, as the monitor runs in its own, so every pipeline
 * has a core while the benchmark's producer has the other. Reports progress over IPC.
 */
const PIPELINES: Record<string, (context: BaselineContext) => Promise<void>> = {
  'raw-parse': rawParse,
  'hand-batched': handBatched,
  naive,
};

const [name, brokers, topic, databaseUrl] = process.argv.slice(2);
let reported = 0;
let latest = 0;
const timer = setInterval(() => {
  if (latest !== reported) process.send!({ done: (reported = latest) });
}, 20);
timer.unref();
PIPELINES[name]({
  brokers: brokers.split(','),
  topic,
  databaseUrl,
  progress: (done) => (latest = done),
  ready: () => process.send!({ ready: true }),
}).catch((error) => {
  process.stderr.write(`${name}: ${error.stack ?? error}\n`);
  process.exit(1);
});
