/** One event of a text/event-stream, or a comment line (`: keep-alive`) as `comment`. */
export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

export interface SseClient {
  /** every message so far, in order */
  messages: SseMessage[];
  /** the `alert` events so far, their data parsed */
  alerts(): { sseId: string; id: string; transition: number; key: string; state: string }[];
  /** resolves once `done` holds for the messages, or fails after `timeoutMs` */
  until(done: (messages: SseMessage[]) => boolean, timeoutMs: number, what: string): Promise<void>;
  close(): Promise<void>;
}

/** Reads a server-sent event stream over fetch, as an EventSource would (headers such as Last-Event-ID given by the caller). */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const messages: SseMessage[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let text = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        const message = parseBlock(block);
        if (message) messages.push(message);
      }
    }
  })().catch((error) => {
    if (!abort.signal.aborted) throw error;
  });
  return {
    messages,
    alerts: () => messages.filter((m) => m.event === 'alert').map((m) => ({ sseId: m.id!, ...JSON.parse(m.data!) })),
    async until(done, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      while (!done(messages)) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(messages.filter((m) => m.comment === undefined))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      abort.abort();
      await reading;
    },
  };
}

function parseBlock(block: string): SseMessage | null {
  const message: SseMessage = {};
  for (const line of block.split('\n')) {
    if (line === '') continue;
    if (line.startsWith(':')) {
      message.comment = line.slice(1).trim();
      continue;
    }
    const at = line.indexOf(': ');
    if (at < 0) continue;
    const [field, value] = [line.slice(0, at), line.slice(at + 2)];
    if (field === 'id') message.id = value;
    else if (field === 'event') message.event = value;
    else if (field === 'data') message.data = message.data === undefined ? value : `${message.data}\n${value}`;
  }
  return Object.keys(message).length > 0 ? message : null;
}
