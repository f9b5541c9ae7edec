import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-ceasefire-signature';
export const TIMESTAMP_HEADER = 'x-ceasefire-timestamp';

/** `sha256=` + the hex HMAC-SHA256 of "<timestamp>.<body>": the timestamp is signed so a captured request cannot be replayed later as new. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function verify(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return /^\d+$/.test(timestamp) && given.length === expected.length && timingSafeEqual(given, expected);
}

/** The headers of one attempt, signed at the moment it is sent. */
export function signedHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [SIGNATURE_HEADER]: sign(secret, timestamp, body), [TIMESTAMP_HEADER]: String(timestamp) };
}
