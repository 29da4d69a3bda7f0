// A network receipt printer on 127.0.0.1 for the tests: it records the bytes
// of each connection, answers DLE EOT status queries with the state the test
// sets (paper out, cover open, offline), and can be stopped and restarted on
// the same port, or made to drop a connection in the middle of a receipt.
import { createServer, type Server, type Socket } from 'node:net';

export class PrinterEmulator {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  port = 0;
  /** bytes of every connection that ended normally */
  readonly jobs: Buffer[] = [];
  status = { printer: 0x12, offline: 0x12, paper: 0x12 };
  /** drop the next connection after this many bytes */
  dropAfter: number | null = null;
  /** accept connections but never answer a status query */
  silent = false;

  async start(port = this.port): Promise<number> {
    this.server = createServer((socket) => this.serve(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    const chunks: Buffer[] = [];
    let size = 0;
    socket.on('data', (data: Buffer) => {
      chunks.push(data);
      size += data.length;
      if (this.dropAfter !== null && size >= this.dropAfter) {
        this.dropAfter = null;
        socket.destroy();
        return;
      }
      // Answer each DLE EOT n with one status byte.
      for (let i = 0; i + 2 < data.length; i++) {
        if (data[i] === 0x10 && data[i + 1] === 0x04 && !this.silent) {
          const n = data[i + 2];
          socket.write(Buffer.from([n === 1 ? this.status.printer : n === 2 ? this.status.offline : this.status.paper]));
        }
      }
    });
    socket.on('end', () => {
      this.jobs.push(Buffer.concat(chunks));
      socket.end();
    });
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}
