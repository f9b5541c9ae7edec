import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'pino';
import { systemClock } from '../config/clock';
import { AppendObservations, AppendObservationsResult } from '../observations/intake.command';
import { MAX_OBSERVATION_BYTES, Observation } from '../observations/observation';
import { appendIsolating, refusalReason } from '../observations/refusals';
import { describeRejection, Rejection, Validated, validateObservationBytes, validateObservationValue } from '../observations/validate';
import { PROJECTOR_BATCH } from '../projections/projection-engine';
import { CONFIG, Config } from '../config/config';
import { adoptShardLayout } from '../projections/shard-layout';
import { lockEveryShard, unlockEveryShard } from '../projections/shard-locks';
import { shardName } from '../projections/shards';
import { AcledCsvReader, AcledReport, mapAcledRow } from './acled';
import { CsvRecord, KeyedCsvReader } from './keyed-csv';
import { MappingReport, RowMapping } from './mapping-report';
import { LineSplitter, NdjsonLine } from './ndjson';
import { Progress } from './progress';
import { openStoreContext, withProjectionEngine } from './store-context';
import { gedRevision, mapUcdpRow, UcdpCsvReader, UcdpReport } from './ucdp';
import { StrictUtf8Decoder } from './utf8';

const IMPORT_FORMATS = ['ndjson', 'acled', 'ucdp'] as const;
export const isImportFormat = (format: string): format is (typeof IMPORT_FORMATS)[number] =>
  (IMPORT_FORMATS as readonly string[]).includes(format);

export interface ImportOptions {
  file: string;
  format: (typeof IMPORT_FORMATS)[number];
  /** The UCDP GED release the file comes from (`24.1`): its revision (docs/ucdp.md). */
  gedVersion?: string;
  url?: string;
  apiKey?: string;
  batch: number;
}

type Parsed = { line: number; observation: Observation } | { line: number; error: string };
/** What became of one observation: appended, or refused where it was sent, and why. */
type Outcome = AppendObservationsResult[number] | { rejected: string };
type Sink = (observations: Observation[]) => Promise<Outcome[]>;

/** `import`: exit 0 when every line was taken in, 1 when any was rejected. */
export async function importCommand(options: ImportOptions): Promise<number> {
  const reader = recordReader(options, systemClock.now());
  const size = options.file === '-' ? null : (await stat(options.file)).size;
  // read as bytes: decoding is checked (see ndjson.ts, utf8.ts), never a silent U+FFFD
  const input = options.file === '-' ? process.stdin : createReadStream(options.file);
  const progress = new Progress(`import ${options.file}`, size);
  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  const store = options.url ? null : await openStoreContext(process.env);
  const sink: Sink = store ? storeSink(store.context.get(CommandBus)) : httpSink(options.url!, options.apiKey);
  const pending: { line: number; observation: Observation }[] = [];
  const reject = (line: number, reason: string) => {
    counts.rejected++;
    process.stderr.write(`line ${line}: ${reason}\n`);
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    const outcomes = await sink(batch.map((p) => p.observation));
    outcomes.forEach((outcome, i) => {
      if (typeof outcome === 'string') counts[outcome]++;
      else reject(batch[i].line, outcome.rejected);
    });
  };
  let read = 0;
  try {
    for await (const parsed of parse(input, reader, (bytes) => (read += bytes))) {
      if ('error' in parsed) reject(parsed.line, parsed.error);
      else {
        pending.push(parsed);
        if (pending.length >= options.batch) await flush();
      }
      progress.update(read, `${counts.accepted} accepted, ${counts.duplicate} duplicate, ${counts.rejected} rejected`);
    }
    await flush();
    progress.done();
    if (store) await projectNow(store.context, store.logger);
  } finally {
    await store?.context.close();
  }
  const total = counts.accepted + counts.duplicate + counts.rejected;
  process.stdout.write(
    `import: ${total} observations: ${counts.accepted} accepted, ${counts.duplicate} duplicate, ${counts.rejected} rejected\n`,
  );
  for (const line of reader.report?.() ?? []) process.stderr.write(`${line}\n`);
  return counts.rejected > 0 ? 1 : 0;
}

/** Reads records as they stream in; memory stays flat whatever the file's size. */
async function* parse(input: NodeJS.ReadableStream, reader: RecordReader, onBytes: (n: number) => void): AsyncGenerator<Parsed> {
  for await (const chunk of input) {
    onBytes((chunk as Buffer).length);
    yield* reader.push(chunk as Buffer);
  }
  yield* reader.end();
}

interface RecordReader {
  push(chunk: Buffer): Iterable<Parsed>;
  end(): Iterable<Parsed>;
  /** What the format's mapping carried over to nothing, printed after the summary. */
  report?(): string[];
}

const parsed = (line: number, result: Validated): Parsed =>
  result.ok ? { line, observation: result.observation } : { line, error: describeRejection(result.errors) };

/** Each line is checked as the Kafka consumer checks a message: size, UTF-8, JSON, contract, same reasons. */
function ndjsonRecords(now: Date): RecordReader {
  const lines = new LineSplitter(MAX_OBSERVATION_BYTES);
  const parse = function* (records: Iterable<NdjsonLine>): Generator<Parsed> {
    for (const { line, bytes } of records) yield parsed(line, validateObservationBytes(bytes, now));
  };
  return { push: (chunk) => parse(lines.push(chunk)), end: () => parse(lines.end()) };
}

/** How the format's records are read; called first, so a bad --ged-version stops the import before it opens anything. */
function recordReader(options: ImportOptions, now: Date): RecordReader {
  if (options.gedVersion !== undefined && options.format !== 'ucdp') throw new Error('--ged-version is for --format ucdp');
  if (options.format === 'ndjson') return ndjsonRecords(now);
  if (options.format === 'acled') return csvRecords(now, new AcledCsvReader(), mapAcledRow, new AcledReport());
  const revision = options.gedVersion === undefined ? 1 : gedRevision(options.gedVersion);
  return csvRecords(now, new UcdpCsvReader(), (row) => mapUcdpRow(row, revision), new UcdpReport());
}

/** A CSV record can span lines, so bytes that are not UTF-8 stop the import (exit 2) at their line. */
function csvRecords<G>(
  now: Date,
  csv: KeyedCsvReader,
  map: (row: Record<string, string>) => RowMapping<G>,
  report: MappingReport<G>,
): RecordReader {
  const utf8 = new StrictUtf8Decoder();
  const parse = function* (records: Iterable<CsvRecord>): Generator<Parsed> {
    for (const record of records) {
      if (!('record' in record)) {
        yield { line: record.line, error: `${record.field}: ${record.reason}` };
        continue;
      }
      const mapped = map(record.record);
      if (mapped.ok) report.add(mapped.gaps);
      yield mapped.ok
        ? parsed(record.line, validateObservationValue(mapped.observation, now))
        : { line: record.line, error: `${mapped.field}: ${mapped.reason}` };
    }
  };
  return {
    push: (chunk) => parse(csv.push(utf8.decode(chunk))),
    end: () => parse([...csv.push(utf8.end()), ...csv.end()]),
    report: () => report.lines(),
  };
}

/** Appends to the store directly; an observation it refuses for what it holds is reported, not fatal. */
function storeSink(commands: CommandBus): Sink {
  return async (batch) => {
    const outcomes: Outcome[] = [];
    const indexed = batch.map((observation, index) => ({ observation, index }));
    const refused = await appendIsolating(indexed, async (items) => {
      const appended: AppendObservationsResult = await commands.execute(new AppendObservations(items.map((item) => item.observation)));
      items.forEach((item, k) => (outcomes[item.index] = appended[k]));
    });
    for (const { item, error } of refused) outcomes[item.index] = { rejected: refusalReason(error) };
    return outcomes;
  };
}

/**
 * Sends batches to a running monitor. It takes a batch whole or not at all, so the items it
 * rejects (its clock or limits may differ from this machine's) are reported and the rest sent again.
 * A monitor that is held behind its projector or rate-limits says when to come back (Retry-After),
 * so an import waits then instead of failing halfway.
 */
function httpSink(url: string, apiKey: string | undefined): Sink {
  const endpoint = new URL('/observations', url);
  const send: Sink = async (batch) => {
    if (batch.length === 0) return [];
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) },
      body: JSON.stringify(batch),
    });
    const body = (await response.json().catch(() => ({}))) as {
      results?: { outcome: AppendObservationsResult[number] }[];
      rejected?: { index: number; errors: Rejection[] }[];
      message?: string;
    };
    if (response.ok && body.results) return body.results.map((r) => r.outcome);
    const retryAfter = Number(response.headers.get('retry-after'));
    if ((response.status === 503 || response.status === 429) && retryAfter > 0) {
      process.stderr.write(
        `${endpoint} answered ${response.status} (${body.message ?? 'busy'}); sending the batch again in ${retryAfter} s\n`,
      );
      await sleep(retryAfter * 1000);
      return send(batch);
    }
    if (response.status !== 400 || !body.rejected?.length)
      throw new Error(`${endpoint} answered ${response.status}: ${body.message ?? 'no results'}`);
    const reasons = new Map<number, Outcome>(body.rejected.map((r) => [r.index, { rejected: describeRejection(r.errors) }]));
    const rest = await send(batch.filter((_, i) => !reasons.has(i)));
    let next = 0;
    return batch.map((_, i) => reasons.get(i) ?? rest[next++]);
  };
  return send;
}

/** Brings every shard's projections up to date (shard 0 first, which the others follow) unless a running monitor does it. */
async function projectNow(context: INestApplicationContext, logger: Logger): Promise<void> {
  const dataSource = context.get(DataSource);
  const count = context.get<symbol, Config>(CONFIG).PROJECTOR_SHARDS;
  const locks = await lockEveryShard(dataSource, count);
  if (!locks) return;
  try {
    await adoptShardLayout(dataSource, count);
    for (let index = 0; index < count; index++) {
      const { runner } = locks.find((lock) => lock.name === shardName(index))!;
      await withProjectionEngine(context, logger, (engine, reader) => engine.catchUp(runner, reader, PROJECTOR_BATCH), { index, count });
    }
  } finally {
    await unlockEveryShard(locks);
  }
}
