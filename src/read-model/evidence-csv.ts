import { EvidenceItem } from '../compliance/evidence-items';

const COLUMNS = ['source', 'id', 'revision', 'occurredAt', 'localDate', 'amount', 'inWindow', 'data'] as const;

/** RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled. */
const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export const CSV_HEADER = `${COLUMNS.join(',')}\r\n`;

/** The items as CSV records, `data` as a JSON column and a claim's missing occurredAt empty. */
export function csvRecords(items: readonly EvidenceItem[]): string {
  return items
    .map(
      (item) =>
        COLUMNS.map((column) => field(column === 'data' ? JSON.stringify(item.data) : String(item[column] ?? ''))).join(',') + '\r\n',
    )
    .join('');
}
