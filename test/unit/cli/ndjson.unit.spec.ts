import { LineSplitter, NdjsonLine } from '../../../src/cli/ndjson';

function split(chunks: string[]): NdjsonLine[] {
  const splitter = new LineSplitter();
  return [...chunks.flatMap((chunk) => [...splitter.push(chunk)]), ...splitter.end()];
}

const TEXT = '{"id":"1"}\r\n\r\n{"id":"2","notes":"a\\nb"}\n   \n{"id":"3"}';
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
    for (let cut = 0; cut <= TEXT.length; cut++) expect(split([TEXT.slice(0, cut), TEXT.slice(cut)])).toEqual(EXPECTED);
  });

  it('gives the same lines fed one character at a time', () => {
    expect(split([...TEXT])).toEqual(EXPECTED);
  });

  it('yields a line only once its newline arrives', () => {
    const splitter = new LineSplitter();
    expect([...splitter.push('{"id":'), ...splitter.push('"1"}')]).toEqual([]);
    expect([...splitter.push('\n{"id":"2"}')]).toEqual([{ line: 1, text: '{"id":"1"}' }]);
    expect([...splitter.end()]).toEqual([{ line: 2, text: '{"id":"2"}' }]);
    expect([...splitter.end()]).toEqual([]);
  });

  it('drops a byte-order mark at the start of the file only', () => {
    expect(split(['\uFEFF{"a":1}\n\uFEFF{"b":2}\n'])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '\uFEFF{"b":2}' },
    ]);
  });

  it('yields nothing for empty input', () => {
    expect(split(['', '\n', ''])).toEqual([]);
  });
});
