import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';

/**
 * How rows reach a table in bulk. PostgreSQL takes them by COPY, its cheapest way in; PGlite's
 * socket server loses protocol sync on COPY FROM STDIN, so the embedded database gets a JSON document.
 */
export type BulkLoad = 'copy' | 'json';

export type Cell = string | number | null | Record<string, unknown>;

/**
 * Appends rows (cells in `columns` order) to a table, inside the transaction `manager` runs:
 * for COPY it must be a query runner's manager, whose connection is the transaction's.
 */
export async function loadRows(
  manager: EntityManager,
  load: BulkLoad,
  table: string,
  columns: readonly string[],
  rows: readonly Cell[][],
): Promise<void> {
  if (rows.length === 0) return;
  const list = columns.join(', ');
  if (load === 'json') {
    const records = rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i]])));
    await manager.query(`INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::json)`, [
      JSON.stringify(records),
    ]);
    return;
  }
  if (!manager.queryRunner) throw new Error(`COPY into ${table} needs a query runner's connection`);
  const client = await manager.queryRunner.connect();
  await pipeline(Readable.from([copyText(rows)]), client.query(copyFrom(`COPY ${table} (${list}) FROM STDIN`)));
}

/** Rows in COPY's text format. */
export function copyText(rows: readonly Cell[][]): string {
  let text = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) text += (i === 0 ? '' : '\t') + copyField(row[i]);
    text += '\n';
  }
  return text;
}

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field in COPY's text format: null as \N, objects as JSON, backslash and line breaks escaped. */
export function copyField(value: Cell): string {
  if (value === null) return '\\N';
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  return SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : text;
}
