import { LineSplitter } from '../../../src/cli/ndjson';

const MAX = 64;

function split(chunks: Buffer[], max = MAX): { line: number; text: string }[] {
  const splitter = new LineSplitter(max);
  const lines = [...chunks.flatMap((chunk) => [...splitter.push(chunk)]), ...splitter.end()];
  return lines.map(({ line, bytes }) => ({ line, text: bytes.toString('latin1') }));
}

const TEXT = Buffer.from('{"id":"1"}\r\n\r\n{"id":"2","notes":"a\\nb"}\n   \n{"id":"3"}');
const EXPECTED = [
  { line: 1, text: '{"id":"1"}' },
  { line: 3, text: '{"id":"2","notes":"a\\nb"}' },
  { line: 5, text: '{"id":"3"}' },
];

describe('LineSplitter', () => {
  it('numbers lines from 1, skips blank ones, strips CR and keeps a last line without newline', () => {
    expect(split([TEXT])).toEqual(EXPECTED);
  });

  it('gives the same lines wherever one chunk boundary falls, CRLF split included', () => {
    for (let cut = 0; cut <= TEXT.length; cut++) expect(split([TEXT.subarray(0, cut), TEXT.subarray(cut)])).toEqual(EXPECTED);
  });

  it('gives the same lines fed one byte at a time', () => {
    expect(split([...TEXT].map((byte) => Buffer.from([byte])))).toEqual(EXPECTED);
  });

  it('yields a line only once its newline arrives', () => {
    const splitter = new LineSplitter(MAX);
    expect([...splitter.push(Buffer.from('{"id":')), ...splitter.push(Buffer.from('"1"}'))]).toEqual([]);
    expect([...splitter.push(Buffer.from('\n{"id":"2"}'))].map((l) => l.bytes.toString())).toEqual(['{"id":"1"}']);
    expect([...splitter.end()].map((l) => [l.line, l.bytes.toString()])).toEqual([[2, '{"id":"2"}']]);
    expect([...splitter.end()]).toEqual([]);
  });

  it('passes bytes that are not UTF-8 through untouched, for the validator to refuse', () => {
    const latin1 = Buffer.from('{"notes":"S\xe9l\xe9ka"}\n', 'latin1');
    expect(split([latin1])).toEqual([{ line: 1, text: '{"notes":"S\xe9l\xe9ka"}' }]);
  });

  it('keeps a line of exactly the limit whole, CR stripped, and cuts a longer one to limit + 1 bytes', () => {
    const exact = 'x'.repeat(MAX);
    expect(split([Buffer.from(`${exact}\r\n${exact}y\r\n${exact}yz`)])).toEqual([
      { line: 1, text: exact },
      { line: 2, text: `${exact}y` },
      { line: 3, text: `${exact}y` },
    ]);
  });

  it('cuts a long line fed in many chunks without keeping its text, and counts the lines after it', () => {
    // 20 MB in 64 KiB chunks, as a file stream delivers it: a splitter that rescans and copies
    // the pending text on every chunk is quadratic here
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const splitter = new LineSplitter(64 * 1024);
    const lines = [];
    for (let sent = 0; sent < 20_000_000; sent += chunk.length) lines.push(...splitter.push(chunk));
    lines.push(...splitter.push(Buffer.from('\n{"id":"after"}\n')), ...splitter.end());
    expect(lines.map((l) => [l.line, l.bytes.length])).toEqual([
      [1, 64 * 1024 + 1],
      [2, '{"id":"after"}'.length],
    ]);
  });

  it('yields nothing for empty input', () => {
    expect(split([Buffer.from(''), Buffer.from('\n'), Buffer.from('')])).toEqual([]);
  });
});
