// A tiny TCP proxy in front of the emulator that counts the connections clients open: the total,
// and the most open at the same time. It forwards bytes untouched.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface CountingProxy {
  /** `http://127.0.0.1:<port>`: use it as the client's baseUrl. */
  url: string;
  /** Connections accepted since the last reset. */
  readonly total: number;
  /** Most connections open at once since the last reset. */
  readonly maxOpen: number;
  /** Connections open now. */
  readonly open: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let total = 0;
  let maxOpen = 0;
  let open = 0;
  const server: Server = createServer((client) => {
    total++;
    open++;
    maxOpen = Math.max(maxOpen, open);
    const upstream = connect(Number(port), hostname);
    sockets.add(client);
    sockets.add(upstream);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      open--;
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const proxyPort = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    get total() {
      return total;
    },
    get maxOpen() {
      return maxOpen;
    },
    get open() {
      return open;
    },
    reset() {
      total = 0;
      maxOpen = open;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
