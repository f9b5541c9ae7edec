import { KafkaMessage } from 'kafkajs';
import { deadLetter, deadLetterSends, MAX_DEAD_LETTER_SEND_BYTES } from '../../../src/observations/dead-letter';

const message = (offset: number, bytes: number): KafkaMessage =>
  ({
    key: Buffer.from(`k${offset}`),
    value: Buffer.alloc(bytes, 'x'),
    offset: String(offset),
    timestamp: '0',
    attributes: 0,
    headers: {},
  }) as KafkaMessage;
const letter = (offset: number, bytes: number) =>
  deadLetter('ceasefire.incidents', 0, message(offset, bytes), [{ field: 'source', reason: 'is required' }]);
const bytesOf = (send: ReturnType<typeof letter>[]) => send.reduce((sum, l) => sum + l.value!.length, 0);

describe('deadLetterSends', () => {
  it('splits a slice of rejections into sends a broker takes, in order', () => {
    // 5,000 rejections of ~700 bytes: one send would be a ~3.5 MB record batch
    const letters = Array.from({ length: 5000 }, (_, i) => letter(i, 700));
    const sends = deadLetterSends(letters);
    expect(sends.length).toBeGreaterThan(6);
    for (const send of sends) expect(bytesOf(send)).toBeLessThan(MAX_DEAD_LETTER_SEND_BYTES);
    expect(sends.flat().map((l) => l.headers['x-original-offset'])).toEqual(letters.map((l) => l.headers['x-original-offset']));
  });

  it('counts keys and headers, not only values', () => {
    const letters = Array.from({ length: 10 }, (_, i) => letter(i, 0));
    const perLetter =
      64 +
      2 +
      'x-reason'.length +
      'source: is required'.length +
      'x-field'.length +
      'source'.length +
      'x-original-topic'.length +
      'ceasefire.incidents'.length +
      'x-original-partition'.length +
      1 +
      'x-original-offset'.length +
      1;
    expect(deadLetterSends(letters, perLetter * 3).map((s) => s.length)).toEqual([3, 3, 3, 1]);
  });

  it('sends a letter larger than the limit alone, and nothing for no letters', () => {
    const sends = deadLetterSends([letter(1, 100), letter(2, 2000), letter(3, 100)], 1000);
    expect(sends.map((s) => s.map((l) => l.headers['x-original-offset']))).toEqual([['1'], ['2'], ['3']]);
    expect(deadLetterSends([])).toEqual([]);
  });
});
