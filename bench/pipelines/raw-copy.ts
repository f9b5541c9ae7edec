import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { copyText } from '../../src/database/bulk-rows';
import { CpuUse, meterCpu } from '../cpu-use';
import { CHUNK, incidentChunk } from '../feed';
import { toRow } from './baseline';

/**
 * The database's limit: the same rows COPYed into an equivalent table, no Kafka, no
 * projection. The text is prepared before the clock starts, so only the database is timed.
 */
export async function rawCopy(databaseUrl: string, total: number): Promise<{ events: number; seconds: number; cpu: CpuUse }> {
  const lines: string[] = [];
  for (let k = 0; k * CHUNK < total; k++) {
    const rows = incidentChunk(k, Math.min(CHUNK, total - k * CHUNK)).map(({ value }) => {
      const r = toRow(value.toString());
      return [r.source, r.id, r.revision, r.json];
    });
    lines.push(copyText(rows));
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE TABLE copy_events (source text, id text, revision int, data jsonb, PRIMARY KEY (source, id, revision))`);
    const cpu = meterCpu(process.pid);
    const started = performance.now();
    await pipeline(Readable.from(lines), client.query(copyFrom('COPY copy_events FROM STDIN')));
    const seconds = (performance.now() - started) / 1000;
    const use = cpu(total);
    const [{ n }] = (await client.query('SELECT count(*)::int AS n FROM copy_events')).rows;
    return { events: n, seconds, cpu: use };
  } finally {
    await client.end();
  }
}
