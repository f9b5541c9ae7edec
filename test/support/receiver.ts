import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Received {
  body: string;
  headers: IncomingMessage['headers'];
  /** the status it was answered with, or 'hang' (answered so late that no sender waits for it) */
  answer: number | 'hang';
}

export interface Receiver {
  url: string;
  /** every request in arrival order */
  received: Received[];
  /** requests answered 2xx, in order: what the sender may count as delivered */
  delivered(): Received[];
  close(): Promise<void>;
}

const HANG_MS = 60_000;

/** How the receiver answers its n-th request (from 0): a status, or 'hang' (answers only after 60 s). */
export type Answer = (n: number, body: string) => number | 'hang';

/** A real HTTP receiver, as a webhook or Alertmanager's webhook_config would meet it. */
export async function startReceiver(answer: Answer = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const status = answer(received.length, body);
      received.push({ body, headers: request.headers, answer: status });
      const reply = () => response.writeHead(status === 'hang' ? 200 : status, { 'content-type': 'text/plain' }).end('ok');
      if (status === 'hang') setTimeout(reply, HANG_MS).unref();
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    delivered: () => received.filter((r) => typeof r.answer === 'number' && r.answer >= 200 && r.answer < 300),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
