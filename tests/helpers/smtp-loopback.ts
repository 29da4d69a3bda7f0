// A real SMTP server on loopback for the e-mail tests (the smtp-server
// package): it keeps every message it accepted, parsed with mailparser, and
// refuses at RCPT TO the addresses put in `refuse`, as a supplier's server
// does for an unknown mailbox. No TLS; a login is optional, and when one is
// given it must be `user` / `password` (the URL's credentials reach the server).
import { createServer, type AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface LoopbackSmtp {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** envelope recipients of each accepted message, in order */
  envelopes: string[][];
  refuse: Set<string>;
  close(): Promise<void>;
}

export async function startLoopbackSmtp(login = { user: 'boutique', password: 's3cret' }): Promise<LoopbackSmtp & { logins: string[] }> {
  const logins: string[] = [];
  const messages: ParsedMail[] = [];
  const envelopes: string[][] = [];
  const refuse = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username !== login.user || auth.password !== login.password) return callback(new Error('Invalid username or password'));
      logins.push(auth.username);
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address.toLowerCase())) {
        const err = new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`) as Error & { responseCode: number };
        err.responseCode = 550;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          envelopes.push(session.envelope.rcptTo.map((r) => r.address));
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    envelopes,
    refuse,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nobody listens on: a server that is down. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
