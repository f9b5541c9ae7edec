import { copyField, copyText } from '../../../src/database/bulk-rows';

describe('COPY text format', () => {
  it('escapes backslash, tab, newline and carriage return, and nothing else', () => {
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField('Kandahar — قندهار, "quoted"')).toBe('Kandahar — قندهار, "quoted"');
    expect(copyField('\\N')).toBe('\\\\N');
  });

  it('writes null as \\N, numbers as JavaScript prints them and objects as escaped JSON', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(-2.5)).toBe('-2.5');
    expect(copyField(1e21)).toBe('1e+21');
    expect(copyField({ 'killed.civilians': 2, note: 'tab\there' })).toBe('{"killed.civilians":2,"note":"tab\\\\there"}');
  });

  it('puts one row a line, fields separated by tabs', () => {
    expect(
      copyText([
        ['a', 1, null],
        ['b\tc', 2, {}],
      ]),
    ).toBe('a\t1\t\\N\nb\\tc\t2\t{}\n');
    expect(copyText([])).toBe('');
  });
});
