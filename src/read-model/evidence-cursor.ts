import { ItemKey } from '../compliance/evidence-items';

/** Opaque to clients, so the order it encodes can change without breaking them. */
export function encodeCursor(key: ItemKey): string {
  return Buffer.from(JSON.stringify([key.localDate, key.source, key.id])).toString('base64url');
}

/** The key a cursor names, or null when it is none this listing gave. */
export function decodeCursor(cursor: string): ItemKey | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === 'string')) return null;
    const [localDate, source, id] = parsed as string[];
    return /^\d{4}-\d{2}-\d{2}$/.test(localDate) ? { localDate, source, id } : null;
  } catch {
    return null;
  }
}
