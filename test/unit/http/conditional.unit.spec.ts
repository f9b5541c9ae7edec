import { FastifyReply, FastifyRequest } from 'fastify';
import { conditionalGet, etagOf, notModified } from '../../../src/http/conditional';

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

describe('conditionalGet (onSend)', () => {
  /** The parts of Fastify's request and reply the hook touches. */
  const exchange = (method: string, statusCode: number, headers: Record<string, string>, ifNoneMatch?: string) => {
    const reply = {
      statusCode,
      headers: { ...headers } as Record<string, string>,
      getHeader: (name: string) => reply.headers[name.toLowerCase()],
      header: (name: string, value: string) => ((reply.headers[name.toLowerCase()] = value), reply),
      code: (code: number) => ((reply.statusCode = code), reply),
    };
    const request = { method, headers: { 'if-none-match': ifNoneMatch } };
    return { request: request as unknown as FastifyRequest, reply: reply as unknown as FastifyReply & typeof reply };
  };
  const json = { 'content-type': 'application/json; charset=utf-8' };

  it('tags a JSON answer to GET with the hash of its bytes, and answers 304 with no body to a poll that has it', async () => {
    const first = exchange('GET', 200, json);
    expect(await conditionalGet(first.request, first.reply, '{"a":1}')).toBe('{"a":1}');
    expect(first.reply.headers.etag).toBe(etagOf('{"a":1}'));
    const poll = exchange('GET', 200, json, first.reply.headers.etag);
    expect(await conditionalGet(poll.request, poll.reply, '{"a":1}')).toBeNull();
    expect(poll.reply.statusCode).toBe(304);
    const changed = exchange('GET', 200, json, first.reply.headers.etag);
    expect(await conditionalGet(changed.request, changed.reply, '{"a":2}')).toBe('{"a":2}');
    expect(changed.reply.statusCode).toBe(200);
  });

  it("keeps a route's own ETag (hashed when its bytes were cached) and answers 304 to it", async () => {
    const poll = exchange('GET', 200, { ...json, etag: '"cached"' }, '"cached"');
    expect(await conditionalGet(poll.request, poll.reply, Buffer.from('{}'))).toBeNull();
    expect(poll.reply.headers.etag).toBe('"cached"');
  });

  it('leaves writes, errors, text and streams untagged', async () => {
    const cases = [
      exchange('POST', 200, json),
      exchange('GET', 404, json),
      exchange('GET', 200, { 'content-type': 'text/plain; version=0.0.4' }),
      exchange('GET', 200, { 'content-type': 'application/jsonl' }),
    ];
    for (const { request, reply } of cases) {
      expect(await conditionalGet(request, reply, '{}')).toBe('{}');
      expect(reply.headers.etag).toBeUndefined();
    }
    const stream = exchange('GET', 200, json);
    const body = { pipe() {} };
    expect(await conditionalGet(stream.request, stream.reply, body)).toBe(body);
    expect(stream.reply.headers.etag).toBeUndefined();
  });
});
