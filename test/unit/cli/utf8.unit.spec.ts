import { StrictUtf8Decoder } from '../../../src/cli/utf8';

function decode(chunks: Buffer[]): string {
  const decoder = new StrictUtf8Decoder();
  return chunks.map((chunk) => decoder.decode(chunk)).join('') + decoder.end();
}

describe('StrictUtf8Decoder', () => {
  const text = Buffer.from('\uFEFFid,actor1\nA1,Séléka Militia\r\nA2,"Forces\nde défense"\n');

  it('decodes UTF-8 wherever chunk boundaries fall, sequences split included, and drops a leading BOM', () => {
    for (let cut = 0; cut <= text.length; cut++) {
      expect(decode([text.subarray(0, cut), text.subarray(cut)])).toBe('id,actor1\nA1,Séléka Militia\r\nA2,"Forces\nde défense"\n');
    }
  });

  it('refuses cp1252 text, naming its line, instead of replacing bytes with U+FFFD', () => {
    const cp1252 = Buffer.from('id,actor1\nA1,Taliban\nA2,S\xe9l\xe9ka Militia\n', 'latin1');
    expect(() => decode([cp1252])).toThrow(/^line 3: not valid UTF-8/);
    for (let cut = 0; cut <= cp1252.length; cut++) {
      expect(() => decode([cp1252.subarray(0, cut), cp1252.subarray(cut)])).toThrow(/^line 3: not valid UTF-8/);
    }
  });

  it('refuses a sequence cut short at the end of a line or of the input', () => {
    const e = Buffer.from('é');
    expect(() => decode([Buffer.concat([Buffer.from('a\n'), e.subarray(0, 1), Buffer.from('\nb')])])).toThrow(/^line 2: /);
    expect(() => decode([Buffer.concat([Buffer.from('a\nb'), e.subarray(0, 1)])])).toThrow(/^line 2: /);
  });
});
