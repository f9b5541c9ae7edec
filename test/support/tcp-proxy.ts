import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';

/** A TCP proxy the test controls: it can cut every connection and refuse new ones, then let them through again. */
export interface TcpProxy {
  /** the port it listens on (127.0.0.1) */
  port: number;
  /** Destroys every open connection and stops listening, so connecting is refused, until `restore`. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
  /** connections accepted so far */
  accepted(): number;
}

/** Wires one accepted connection to its upstream; the default copies bytes both ways. */
export type Splice = (client: Socket, upstream: Socket) => void;

const copy: Splice = (client, upstream) => {
  client.pipe(upstream);
  upstream.pipe(client);
};

export async function startTcpProxy(target: { host: string; port: number }, splice: Splice = copy): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((client) => {
    accepted++;
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // either side failing ends both, as a dropped connection would
      socket.on('error', () => undefined);
      socket.on('close', () => (socket === client ? upstream : client).destroy());
    }
    splice(client, upstream);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(0);
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  return {
    port,
    async cut() {
      const closed = stopListening();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async restore() {
      if (!server.listening) await listen(port);
    },
    async close() {
      const closed = stopListening();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    accepted: () => accepted,
  };
}

/** Kafka brokers behind proxies: clients given `brokers` reach every broker through a proxy. */
export interface KafkaProxy {
  brokers: string[];
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
  accepted(): number;
}

export interface KafkaProxyOptions {
  /**
   * Hold a group leader's SyncGroup request (the one carrying the assignments) this long. The
   * mock cluster's group coordinator (librdkafka 2.0.2, rdkafka_mock_cgrp.c) ends a rebalance
   * as soon as the leader's assignments arrive and answers INVALID_REQUEST to a follower whose
   * SyncGroup comes after that; kafkajs followers then crash, rejoin and lose the race again.
   * A real broker answers late followers with their assignment, so holding the leader back
   * only puts the requests in the order the mock can handle.
   */
  holdLeaderSyncMs?: number;
}

/**
 * One proxy per broker. A Kafka client connects to the addresses the brokers advertise in
 * Metadata and FindCoordinator responses, not to its bootstrap list, so the proxies rewrite
 * those addresses to their own; otherwise the client would go around them after its first
 * request.
 */
export async function startKafkaProxy(brokers: string[], options: KafkaProxyOptions = {}): Promise<KafkaProxy> {
  const proxyPort = new Map<number, number>();
  const proxies = await Promise.all(
    brokers.map((address) => {
      const [host, port] = address.split(':');
      return startTcpProxy(
        { host, port: Number(port) },
        kafkaSplice((advertised) => proxyPort.get(advertised), options.holdLeaderSyncMs ?? 0),
      );
    }),
  );
  brokers.forEach((address, i) => proxyPort.set(Number(address.split(':')[1]), proxies[i].port));
  return {
    brokers: proxies.map((p) => `127.0.0.1:${p.port}`),
    cut: async () => void (await Promise.all(proxies.map((p) => p.cut()))),
    restore: async () => void (await Promise.all(proxies.map((p) => p.restore()))),
    close: async () => void (await Promise.all(proxies.map((p) => p.close()))),
    accepted: () => proxies.reduce((sum, p) => sum + p.accepted(), 0),
  };
}

const METADATA = 3;
const FIND_COORDINATOR = 10;
const SYNC_GROUP = 14;

/** Frames both directions; Metadata and FindCoordinator responses get the proxies' addresses. */
function kafkaSplice(proxyPortFor: (advertisedPort: number) => number | undefined, holdLeaderSyncMs: number): Splice {
  return (client, upstream) => {
    const asked = new Map<number, { apiKey: number; apiVersion: number }>();
    // requests go on in order, so one held back holds back those behind it on its connection
    let queue = Promise.resolve();
    frames(client, (frame) => {
      const apiKey = frame.readInt16BE(4);
      if (apiKey === METADATA || apiKey === FIND_COORDINATOR) asked.set(frame.readInt32BE(8), { apiKey, apiVersion: frame.readInt16BE(6) });
      const hold = holdLeaderSyncMs > 0 && apiKey === SYNC_GROUP && syncGroupAssignments(frame) > 0;
      queue = queue
        .then(() => (hold ? new Promise((resolve) => setTimeout(resolve, holdLeaderSyncMs)) : undefined))
        .then(() => void upstream.write(frame));
    });
    frames(upstream, (frame) => {
      const request = asked.get(frame.readInt32BE(4));
      if (request) asked.delete(frame.readInt32BE(4));
      client.write(request ? rewriteAddresses(frame, request.apiKey, request.apiVersion, proxyPortFor) : frame);
    });
  };
}

/** The number of member assignments in a SyncGroup request (v0-v3): non-zero only from the group leader. */
function syncGroupAssignments(frame: Buffer): number {
  const version = frame.readInt16BE(6);
  const string = (at: number) => 2 + Math.max(frame.readInt16BE(at), 0);
  let at = 12; // size, api key, api version, correlation id
  at += string(at); // client_id
  at += string(at); // group_id
  at += 4; // generation_id
  at += string(at); // member_id
  if (version >= 3) at += string(at); // group_instance_id
  return frame.readInt32BE(at);
}

/** Calls `onFrame` with each whole size-prefixed Kafka frame (size included). */
function frames(socket: Socket, onFrame: (frame: Buffer) => void): void {
  let chunks: Buffer[] = [];
  let length = 0;
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
    for (;;) {
      if (length < 4) return;
      if (chunks[0].length < 4) chunks = [Buffer.concat(chunks)];
      const size = 4 + chunks[0].readInt32BE(0);
      if (length < size) return;
      const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      onFrame(all.subarray(0, size));
      const rest = all.subarray(size);
      chunks = rest.length > 0 ? [rest] : [];
      length = rest.length;
    }
  });
}

/**
 * Metadata (v0-v8) and FindCoordinator (v0-v2) responses are non-flexible: strings are an
 * int16 length and bytes. Flexible versions (compact strings) are passed on unchanged, which
 * the test notices, since the client then bypasses the proxy.
 */
function rewriteAddresses(frame: Buffer, apiKey: number, version: number, proxyPortFor: (port: number) => number | undefined): Buffer {
  if ((apiKey === METADATA && version > 8) || (apiKey === FIND_COORDINATOR && version > 2)) return frame;
  const string = (at: number) => 2 + Math.max(frame.readInt16BE(at), 0);
  const parts: Buffer[] = [];
  const address = (at: number): number => {
    // host (string) then port (int32) at `at`; returns the offset after them
    const hostEnd = at + string(at);
    const port = frame.readInt32BE(hostEnd);
    const mapped = proxyPortFor(port);
    if (mapped === undefined) {
      parts.push(frame.subarray(at, hostEnd + 4));
    } else {
      const host = Buffer.from('127.0.0.1');
      const out = Buffer.alloc(2 + host.length + 4);
      out.writeInt16BE(host.length, 0);
      host.copy(out, 2);
      out.writeInt32BE(mapped, 2 + host.length);
      parts.push(out);
    }
    return hostEnd + 4;
  };
  let at = 8; // size, correlation id
  if (apiKey === FIND_COORDINATOR) {
    if (version >= 1) at += 4; // throttle_time_ms
    at += 2; // error_code
    if (version >= 1) at += string(at); // error_message
    at += 4; // node_id
    parts.push(frame.subarray(4, at));
    at = address(at);
  } else {
    if (version >= 3) at += 4; // throttle_time_ms
    const count = frame.readInt32BE(at);
    at += 4;
    parts.push(frame.subarray(4, at));
    for (let i = 0; i < count; i++) {
      parts.push(frame.subarray(at, at + 4)); // node_id
      at = address(at + 4);
      if (version >= 1) {
        parts.push(frame.subarray(at, at + string(at))); // rack
        at += string(at);
      }
    }
  }
  parts.push(frame.subarray(at));
  const body = Buffer.concat(parts);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}
