import { etagOf } from '../http/conditional';

/** A response body encoded once: serving it again costs no serialising, encoding or hashing. */
export interface JsonBody {
  bytes: Buffer;
  /** strong validator of `bytes`, so a poll that already has them is answered 304 */
  etag: string;
}

export function jsonBody(value: unknown): JsonBody {
  const bytes = Buffer.from(JSON.stringify(value));
  return { bytes, etag: etagOf(bytes) };
}
