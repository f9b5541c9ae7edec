import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { INestApplicationContext } from '@nestjs/common';
import { rebuildProjections } from '../projections/rebuild';
import { CONFIG, Config } from '../config/config';
import { lockEveryShard, unlockEveryShard } from '../projections/shard-locks';
import { Progress } from './progress';
import { withProjectionEngine } from './store-context';

/** `rebuild`: exit 0 with a summary, or 1 when a running monitor holds a projector shard's lock. */
export async function rebuildCommand(context: INestApplicationContext, logger: Logger): Promise<number> {
  const dataSource = context.get(DataSource);
  const locks = await lockEveryShard(dataSource, context.get<symbol, Config>(CONFIG).PROJECTOR_SHARDS);
  if (!locks) {
    process.stderr.write('rebuild: a running monitor holds the projector lock; stop it first\n');
    return 1;
  }
  const runner = locks[0].runner;
  try {
    const [{ total }] = await runner.query(`SELECT count(*)::int AS total FROM events`);
    const progress = new Progress('rebuild', total);
    const started = Date.now();
    const projected = await withProjectionEngine(context, logger, (engine, reader) =>
      rebuildProjections(runner, engine, { onProgress: (n) => progress.update(n), reader }),
    );
    progress.done();
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`rebuild: ${projected} events replayed into fresh projections in ${seconds.toFixed(1)} s\n`);
    return 0;
  } finally {
    await unlockEveryShard(locks);
  }
}
