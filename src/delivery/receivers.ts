import { createHash } from 'node:crypto';

/** A short stable name for a receiver URL: lock, checkpoint and queue names never hold its credentials. */
export function receiverId(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 16);
}

/** The URL as a log line may show it: no user, password or query (tokens often travel there). */
export function redact(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}
