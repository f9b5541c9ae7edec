import { KafkaMessage } from 'kafkajs';
import { describeRejection, Rejection } from './validate';

/** A rejected message for the dead-letter topic: the original bytes and key, why, and where it came from. */
export function deadLetter(topic: string, partition: number, message: KafkaMessage, errors: Rejection[]) {
  const first = errors[0] ?? { field: '(root)', reason: 'rejected' };
  return {
    key: message.key,
    value: message.value,
    headers: {
      'x-reason': describeRejection(errors).slice(0, 4000),
      'x-field': first.field,
      'x-original-topic': topic,
      'x-original-partition': String(partition),
      'x-original-offset': message.offset,
    },
  };
}

export type DeadLetter = ReturnType<typeof deadLetter>;

/**
 * Bytes a dead-letter send may carry. kafkajs puts all of a send's messages for a partition in
 * one record batch, and a broker refuses a batch over its `message.max.bytes` (1 MiB by
 * default) for good: one send of a slice's rejections (up to 5,000) would hold the partition
 * for ever.
 */
export const MAX_DEAD_LETTER_SEND_BYTES = 512 * 1024;
/** A record's framing (lengths, offsets, attributes), over-counted to stay on the safe side. */
const RECORD_OVERHEAD_BYTES = 64;

const letterBytes = (letter: DeadLetter) =>
  RECORD_OVERHEAD_BYTES +
  (letter.key?.length ?? 0) +
  (letter.value?.length ?? 0) +
  Object.entries(letter.headers).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value), 0);

/** The letters, in order, in sends of at most `limit` bytes each (a larger letter goes alone). */
export function deadLetterSends(letters: readonly DeadLetter[], limit = MAX_DEAD_LETTER_SEND_BYTES): DeadLetter[][] {
  const sends: DeadLetter[][] = [];
  let bytes = Infinity;
  for (const letter of letters) {
    const size = letterBytes(letter);
    if (bytes + size > limit) {
      sends.push([]);
      bytes = 0;
    }
    sends[sends.length - 1].push(letter);
    bytes += size;
  }
  return sends;
}
