import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DataSource } from 'typeorm';
import { parseAccordText } from '../accords/accord-files';
import { aliasCoverage, AliasCoverage } from '../accords/alias-coverage';
import { openStoreContext } from './store-context';

const UNMATCHED_SHOWN = 20;

/**
 * `accord check FILE`: exit 1 with each error (file, field, reason) when the document is invalid;
 * else 0, with which of its actor names occur in the store that DATABASE_URL / DATA_DIR name.
 */
export async function accordCheckCommand(file: string, env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = parseAccordText(await readFile(file, 'utf8'), basename(file));
  if (!parsed.ok) {
    for (const e of parsed.errors) process.stderr.write(`${file}: ${e.field} ${e.reason}\n`);
    process.stderr.write(
      `accord check: ${file} is not a valid accord (${parsed.errors.length} error${parsed.errors.length === 1 ? '' : 's'})\n`,
    );
    return 1;
  }
  const { accord } = parsed;
  process.stdout.write(`${file}: a valid accord, ${accord.id} (${plural(accord.commitments.length, 'commitment')})\n`);
  const { context } = await openStoreContext(env, { defineAccords: false });
  try {
    const store = await storeSlugs(context.get(DataSource));
    process.stdout.write(report(aliasCoverage(accord, store), store.size));
  } finally {
    await context.close();
  }
  return 0;
}

/** Every actor and target slug the store's incidents name, with how many incidents name it. */
async function storeSlugs(dataSource: DataSource): Promise<Map<string, number>> {
  const rows: { slug: string; n: number }[] = await dataSource.query(`
    SELECT slug, count(*)::int AS n
      FROM (SELECT data->>'actor' AS slug FROM events WHERE type = 'incident'
            UNION ALL SELECT data->>'target' FROM events WHERE type = 'incident') named
     WHERE slug IS NOT NULL
     GROUP BY slug`);
  return new Map(rows.map((r) => [r.slug, r.n]));
}

function report({ names, unmatched }: AliasCoverage, storeSize: number): string {
  const lines = [`\nactor names against the store (${storeSize} distinct actor and target slugs):`];
  let group = '';
  for (const name of names) {
    if (name.group !== group) lines.push(`  ${(group = name.group)}`);
    const similar = name.similar.length ? `; most similar in the store: ${name.similar.join(', ')}` : '';
    lines.push(`    ${name.count ? '✓' : '✗'} ${name.slug}  ${name.count ? plural(name.count, 'incident') : `matches nothing${similar}`}`);
  }
  const missing = names.filter((n) => n.count === 0).length;
  lines.push(`  ${names.length - missing} of ${names.length} names match the store`);
  if (unmatched.length) {
    lines.push(`\nslugs in the store no name of the accord matches (${unmatched.length}, most frequent first):`);
    for (const u of unmatched.slice(0, UNMATCHED_SHOWN)) lines.push(`    ${u.slug}  ${plural(u.count, 'incident')}`);
    if (unmatched.length > UNMATCHED_SHOWN) lines.push(`    and ${unmatched.length - UNMATCHED_SHOWN} more`);
  }
  return `${lines.join('\n')}\n`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
