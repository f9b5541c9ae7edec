import { notModified } from '../../../src/http/conditional';

describe('notModified (If-None-Match)', () => {
  const etag = '"abc"';

  it('matches the same tag, a weak form of it, a list holding it, and *', () => {
    expect(notModified('"abc"', etag)).toBe(true);
    expect(notModified('W/"abc"', etag)).toBe(true);
    expect(notModified('"x", "abc" ,"y"', etag)).toBe(true);
    expect(notModified(' * ', etag)).toBe(true);
  });

  it('does not match without the header, another tag, or the tag unquoted', () => {
    expect(notModified(undefined, etag)).toBe(false);
    expect(notModified('', etag)).toBe(false);
    expect(notModified('"abd", "ab"', etag)).toBe(false);
    expect(notModified('abc', etag)).toBe(false);
  });
});
