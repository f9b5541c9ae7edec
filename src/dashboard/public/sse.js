// Server-sent events read from a fetch() body. EventSource cannot send headers, so with an API
// key the alert stream is read this way; the parsing follows the HTML spec's event-stream rules.

/**
 * A parser fed text chunks as they arrive (a line may be split across chunks, and `\r\n` between
 * two of them): calls `onEvent({type, data, id})` at each blank line that ends an event with data.
 */
export function sseParser(onEvent) {
  let buffer = '';
  let type = '';
  let data = [];
  let id;
  const line = (text) => {
    if (text === '') {
      if (data.length) onEvent({ type: type || 'message', data: data.join('\n'), id });
      type = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return; // a comment (keep-alive)
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(colon + (text[colon + 1] === ' ' ? 2 : 1));
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) id = value;
  };
  return (chunk) => {
    buffer += chunk;
    // A trailing '\r' may be the first half of '\r\n': wait for the next chunk before ending the line.
    const complete = buffer.endsWith('\r') ? buffer.length - 1 : buffer.length;
    const lines = buffer.slice(0, complete).split(/\r\n|\r|\n/);
    buffer = lines.pop() + buffer.slice(complete);
    for (const text of lines) line(text);
  };
}

/** Reads a response body to its end, calling `onEvent` for each event. */
export async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const feed = sseParser(onEvent);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    feed(value);
  }
}
