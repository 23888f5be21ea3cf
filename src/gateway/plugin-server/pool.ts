/**
 * A small pool of RPC connections to one plugin-server socket, so concurrent requests do not queue
 * behind one connection.
 *
 * `maxInFlightPerConnection` is what the server can take on one connection: ours decodes a byte
 * stream and answers concurrent calls (unbounded); kong-pdk 0.6.0's listener decodes each socket
 * read as exactly one message, so two requests coalesced in one read break it — it needs 1, which
 * is also Kong's own way (one call per connection, then back to the keepalive pool). When every
 * pooled connection is at its limit, an extra connection serves the call and is closed after it,
 * as Kong opens a new socket when its keepalive pool has none idle.
 */
import { RpcConnection, type NotificationHandler } from './rpc';

export interface ConnectionPoolOptions {
  socketPath: string;
  size: number;
  maxInFlightPerConnection: number;
  onNotification?: NotificationHandler;
}

export class ConnectionPool {
  private readonly connections: RpcConnection[] = [];
  private readonly opening = new Set<Promise<RpcConnection>>();
  /** One-call connections opened past the pool's size, closed after their call. */
  private readonly extras = new Set<RpcConnection>();
  private closed = false;

  constructor(private readonly options: ConnectionPoolOptions) {}

  /** Opens the pooled connections (fails with the first connect error). */
  async open(): Promise<void> {
    const missing = this.options.size - this.liveConnections().length - this.opening.size;
    const opened = await Promise.all(Array.from({ length: missing }, () => this.connect()));
    this.connections.push(...opened);
  }

  /**
   * Picks a connection and sends the call on it in the same turn, so no other call can take the
   * same "idle" connection in between (kong-pdk must never see two calls on one connection).
   */
  async call(method: string, params: unknown[]): Promise<unknown> {
    if (this.closed) throw new Error('the connection pool is closed');
    const live = this.liveConnections();
    const idle = live.find((c) => c.inFlight === 0);
    if (idle) return idle.call(method, params);
    if (live.length + this.opening.size < this.options.size) {
      const connection = await this.connect();
      const answer = connection.call(method, params);
      this.connections.push(connection);
      return answer;
    }
    const leastBusy = live.reduce<RpcConnection | undefined>((best, c) => (best === undefined || c.inFlight < best.inFlight ? c : best), undefined);
    if (leastBusy && leastBusy.inFlight < this.options.maxInFlightPerConnection) return leastBusy.call(method, params);
    const extra = await this.connect();
    this.extras.add(extra);
    try {
      return await extra.call(method, params);
    } finally {
      this.extras.delete(extra);
      extra.close();
    }
  }

  close(): void {
    this.closed = true;
    for (const connection of [...this.connections.splice(0), ...this.extras]) connection.close();
    this.extras.clear();
  }

  private liveConnections(): RpcConnection[] {
    // A connection closed by the server (restart, crash) leaves the pool; the next call replaces it.
    for (let i = this.connections.length - 1; i >= 0; i--) {
      if (this.connections[i].isClosed) this.connections.splice(i, 1);
    }
    return this.connections;
  }

  private async connect(): Promise<RpcConnection> {
    const opening = RpcConnection.connect(this.options.socketPath, this.options.onNotification);
    this.opening.add(opening);
    try {
      const connection = await opening;
      if (this.closed) {
        connection.close();
        throw new Error('the connection pool is closed');
      }
      return connection;
    } finally {
      this.opening.delete(opening);
    }
  }
}
