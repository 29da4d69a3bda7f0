// A TCP proxy between a till and the real PostgreSQL server that a test can
// cut (every open socket destroyed, new connections refused) and restore:
// an outage without stopping the machine's server.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** the port the till connects to */
  port: number;
  /** cuts the link: open connections are destroyed, new ones refused */
  cut(): Promise<void>;
  /** listens again on the same port */
  restore(): Promise<void>;
  /** a link that goes silent (pulled cable): connections stay open but nothing passes, until `resume` */
  stall(): void;
  /** what was held during the stall goes through, in order */
  resume(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let stalled = false;
  let held: Array<() => void> = [];
  const forward = (from: Socket, to: Socket) =>
    from.on('data', (chunk: Buffer) => {
      if (stalled) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(targetPort, targetHost);
        for (const sock of [client, upstream]) {
          sockets.add(sock);
          sock.on('close', () => sockets.delete(sock));
          sock.on('error', () => undefined);
        }
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        forward(client, upstream);
        forward(upstream, client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const stop = async () => {
    const s = server;
    server = null;
    for (const sock of sockets) sock.destroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return {
    get port() {
      return port;
    },
    cut: stop,
    restore: listen,
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
      const pending = held;
      held = [];
      for (const write of pending) write();
    },
    close: stop,
  };
}

/** The PostgreSQL URL through the proxy (same user and database as `url`). */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}
