import { createHash, timingSafeEqual } from 'node:crypto';
import { Role } from '../config/config';

export interface ApiKey {
  key: string;
  role: Role;
}

/** admin may do everything; other roles only their own work. */
export function roleAllows(held: Role, needed: Role): boolean {
  return held === 'admin' || held === needed;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Finds the role of a presented key. Every configured key is compared, in constant time over
 * equal-length digests, so neither the position nor the length of a match leaks by timing.
 */
export function roleOfKey(keys: readonly ApiKey[], presented: string): Role | null {
  const candidate = digest(presented);
  let found: Role | null = null;
  for (const { key, role } of keys) {
    if (timingSafeEqual(digest(key), candidate) && found === null) found = role;
  }
  return found;
}

/** The key from `x-api-key` or `Authorization: Bearer`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | null {
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    if (match) return match[1];
  }
  return null;
}

/** Who a key is in records (acknowledgements): its role and a short digest, never the key. */
export function keyName(key: string, role: Role): string {
  return `${role}:${digest(key).toString('hex').slice(0, 8)}`;
}
