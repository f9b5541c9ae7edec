import { Injectable } from '@nestjs/common';
import { ISocketFactory } from 'kafkajs';
import { connect as tcp, isIP, Socket } from 'node:net';
import { connect as tls } from 'node:tls';
import { ComponentState } from '../observability/health';

const KEEP_ALIVE_MS = 60_000; // as kafkajs' own socket factory
/** A failure no attempt has followed for this long is forgotten: kafkajs retries a broker it needs well within it. */
const FORGET_AFTER_MS = 60_000;

interface BrokerState {
  open: number;
  /** the latest thing that happened on a connection to it: connected, or failed (why, since when, last when) */
  last: { ok: true } | { ok: false; error: string; since: Date; at: number };
}

/**
 * Whether the brokers can be reached, from the connections themselves. kafkajs reports no
 * event when it cannot reach a broker (it retries quietly, and a consumer that cannot fetch
 * still looks joined), so /health would say "up" through an outage. Every socket kafkajs
 * opens comes from this factory: a broker is down when it has no open connection and the
 * latest attempt failed.
 */
@Injectable()
export class BrokerConnections {
  private readonly brokers = new Map<string, BrokerState>();
  /** when any connection last succeeded: a broker's failure before it, not retried since, is stale (kafkajs no longer needs it) */
  private lastConnectAt = 0;

  readonly socketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
    const socket: Socket = ssl
      ? tls({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : tcp({ host, port }, onConnect);
    socket.setKeepAlive(true, KEEP_ALIVE_MS);
    const broker = this.broker(`${host}:${port}`);
    let connected = false;
    socket.once(ssl ? 'secureConnect' : 'connect', () => {
      connected = true;
      broker.open++;
      broker.last = { ok: true };
      this.lastConnectAt = Date.now();
    });
    socket.on('error', (error) => {
      broker.last = { ok: false, error: error.message, since: broker.last.ok ? new Date() : broker.last.since, at: Date.now() };
    });
    socket.once('close', () => {
      if (connected) broker.open--;
    });
    return socket;
  };

  /** down: brokers failing and none reachable; degraded: some reachable, some still failing. */
  health(): ComponentState {
    const failing: string[] = [];
    let reachable = 0;
    for (const [address, b] of this.brokers) {
      if (b.open > 0) reachable++;
      else if (!b.last.ok && b.last.at >= this.lastConnectAt && Date.now() - b.last.at < FORGET_AFTER_MS)
        failing.push(`${address} unreachable since ${b.last.since.toISOString()} (${b.last.error})`);
    }
    if (failing.length === 0)
      return reachable > 0 ? { status: 'up', detail: `${reachable} broker(s) connected` } : { status: 'up', detail: 'no connection open' };
    return { status: reachable === 0 ? 'down' : 'degraded', detail: failing.join('; ') };
  }

  private broker(address: string): BrokerState {
    let state = this.brokers.get(address);
    if (!state) this.brokers.set(address, (state = { open: 0, last: { ok: true } }));
    return state;
  }
}
