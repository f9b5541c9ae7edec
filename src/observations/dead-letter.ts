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
