import { parseArgs } from 'node:util';
import { redactUrlPasswords } from '../observability/logger';
import { accordCheckCommand } from './accord-check.command';
import { demoCommand } from './demo.command';
import { importCommand, isImportFormat } from './import.command';
import { rebuildCommand } from './rebuild.command';
import { openStoreContext } from './store-context';

const HELP: Record<string, string> = {
  main: `Usage: ceasefire-monitor <command> [options]

Commands:
  serve                 run the monitor (HTTP API, Kafka intake, projector, alerts)
  import FILE           append observations from NDJSON, an ACLED CSV export or UCDP GED's CSV
  rebuild               replay the event store into fresh projections
  accord check FILE     validate an accord document and match its actor names against the store
  demo                  feed a running monitor the seed report's figures and print its verdicts

Run 'ceasefire-monitor <command> --help' for a command's options. Configuration is read
from the environment (DATABASE_URL, DATA_DIR, ...; see the README).`,
  serve: `Usage: ceasefire-monitor serve

Runs the monitor with the configuration in the environment (PORT, DATABASE_URL, KAFKA_BROKERS, ...).`,
  import: `Usage: ceasefire-monitor import FILE [--format ndjson|acled|ucdp] [--ged-version V] [--url URL] [--api-key KEY] [--batch N]

  FILE              NDJSON (one observation per line), ACLED's CSV export or UCDP GED's CSV ('-' reads stdin)
  --format          ndjson, acled or ucdp (default: from the file name, .csv means acled)
  --ged-version V   the GED release a ucdp file comes from (24.1): later releases replace its events
  --url URL         send batches to a running monitor's POST /observations instead of
                    appending to the store that DATABASE_URL / DATA_DIR name
  --api-key KEY     key with the ingest role, for --url (default: $CEASEFIRE_API_KEY)
  --batch N         observations per append or request (default 1000)

Prints a summary of counts; rejected lines go to stderr with their line numbers; the exit
code is 1 when anything was rejected, 2 on a usage or connection error.`,
  rebuild: `Usage: ceasefire-monitor rebuild

Drops every projection and replays the event store into fresh ones, on the store that
DATABASE_URL / DATA_DIR name. Stop running monitors first (they hold the projector lock).`,
  accord: `Usage: ceasefire-monitor accord check FILE

Validates an accord document (YAML, or JSON when FILE ends in .json): each error names the
field, and the exit code is 1. A valid one is matched against the store that DATABASE_URL /
DATA_DIR name: each alias and filter actor with the incidents naming it, the most similar
store slugs for one that matches nothing, and the store's slugs no name of the accord matches.
Reads only; the exit code is 2 on a usage or connection error.`,
  demo: `Usage: ceasefire-monitor demo [--url URL] [--api-key KEY]

Sends the seed report's figures (Reuters' count, the Afghan government's and the Taliban's
claims, a few prisoner releases) to a running monitor (default http://localhost:3000) and
prints the verdicts on us-taliban-2020.`,
};

/** Runs a command; an error it throws (bad configuration, no database, ...) is one line on stderr and exit code 2. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    // a driver's message may quote DATABASE_URL, password and all
    process.stderr.write(`ceasefire-monitor: ${redactUrlPasswords(error instanceof Error ? error.message : String(error))}\n`);
    return 2;
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${HELP.main}\n`);
    return command ? 0 : 2;
  }
  if (!HELP[command] || command === 'main') {
    process.stderr.write(`ceasefire-monitor: unknown command '${command}'\n\n${HELP.main}\n`);
    return 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      format: { type: 'string' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
      batch: { type: 'string' },
      'ged-version': { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP[command]}\n`);
    return 0;
  }
  const apiKey = values['api-key'] ?? process.env.CEASEFIRE_API_KEY;
  switch (command) {
    case 'serve':
      await import('../main');
      return new Promise<number>(() => undefined); // runs until signalled
    case 'demo':
      return demoCommand(values.url ?? 'http://localhost:3000', apiKey);
    case 'import': {
      const file = positionals[0];
      const format = values.format ?? (file?.toLowerCase().endsWith('.csv') ? 'acled' : 'ndjson');
      const batch = Number(values.batch ?? 1000);
      if (!file || !isImportFormat(format) || !Number.isInteger(batch) || batch < 1) {
        process.stderr.write(`${HELP.import}\n`);
        return 2;
      }
      return importCommand({ file, format, gedVersion: values['ged-version'], url: values.url, apiKey, batch });
    }
    case 'accord': {
      const [action, file] = positionals;
      if (action !== 'check' || !file) {
        process.stderr.write(`${HELP.accord}\n`);
        return 2;
      }
      return accordCheckCommand(file, process.env);
    }
    case 'rebuild': {
      const { context, logger } = await openStoreContext(process.env);
      try {
        return await rebuildCommand(context, logger);
      } finally {
        await context.close();
      }
    }
  }
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
