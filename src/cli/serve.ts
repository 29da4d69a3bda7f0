// `pos serve`: the HTTP API and the phone ordering page (at /) over the same
// core and database as the tills. Listens on loopback unless told otherwise;
// --tls-cert/--tls-key serve HTTPS directly (or put a TLS reverse proxy in
// front, see the README). It also posts the outgoing webhooks. Runs until
// SIGINT/SIGTERM, then closes cleanly.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Command, InvalidArgumentError } from 'commander';
import { PosError } from '../core/basics/errors.js';
import { UsageError, withCore } from './context.js';

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError(`--port attend un port 0 à 65535 (reçu « ${value} »)`);
  return Number(value);
}

/**
 * --trust-proxy: the addresses of the TLS proxy in front (IPs or CIDR blocks,
 * comma-separated). Only their X-Forwarded-For/-Proto are believed: the
 * cookies are then marked Secure behind HTTPS and the limiter counts the real
 * caller. Never "everyone": any client could then claim any address.
 */
function parseTrustedProxies(value: string): string[] {
  const list = value.split(',').map((a) => a.trim()).filter(Boolean);
  const bad = list.find((a) => {
    const [ip, bits, extra] = a.split('/');
    const family = isIP(ip ?? '');
    if (family === 0 || extra !== undefined) return true;
    return bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  });
  if (list.length === 0 || bad !== undefined) throw new InvalidArgumentError(`--trust-proxy attend les adresses IP du proxy, séparées par des virgules (ex. 127.0.0.1 ou 10.0.0.0/8) ; « ${bad ?? value} » n'en est pas une`);
  return list;
}

function readPem(option: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(`${option} : fichier « ${path} » illisible (${(err as NodeJS.ErrnoException).code ?? 'erreur'})`);
  }
}

export function serveCommand(): Command {
  return new Command('serve')
    .description("serveur HTTP : l'API v1 sous /api/v1 (jetons : pos api token create) et la page de commandes pour le téléphone sous /")
    .option('--host <adresse>', "adresse d'écoute (défaut : 127.0.0.1, la machine seule)", '127.0.0.1')
    .option('--port <n>', 'port (0 : un port libre, affiché au démarrage)', parsePort, 8080)
    .option('--tls-cert <fichier>', 'certificat PEM : sert en HTTPS (avec --tls-key)')
    .option('--tls-key <fichier>', 'clé privée PEM du certificat')
    .option('--trust-proxy <adresses>', "derrière un proxy TLS : ses adresses IP (virgules, CIDR admis), dont on croit X-Forwarded-For et X-Forwarded-Proto", parseTrustedProxies)
    .action(async (opts: { host: string; port: number; tlsCert?: string; tlsKey?: string; trustProxy?: string[] }, command: Command) => {
      if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey)) throw new UsageError('--tls-cert et --tls-key vont ensemble');
      const https = opts.tlsCert && opts.tlsKey ? { cert: readPem('--tls-cert', opts.tlsCert), key: readPem('--tls-key', opts.tlsKey) } : undefined;
      // The server loads only for this command, not with every other one.
      const { buildServer } = await import('../server/app.js');
      const { httpWebhookSender } = await import('../drivers/webhook-sender.js');
      const { orderingPage } = await import('../server/ordering/plugin.js');
      const { startOrderMailRetries } = await import('../core/stock/order-mail-delivery.service.js');
      const { mailerOf, orderPost, outcomeLine } = await import('./order-mail.js');
      await withCore(command, async (core) => {
        const app = await buildServer(core, {
          version: command.parent?.version() ?? '1',
          fastify: { ...(https ? { https } : {}), ...(opts.trustProxy ? { trustProxy: opts.trustProxy } : {}) },
          // Outgoing webhooks (pos api webhook add) are posted from here.
          webhooks: { intervalMs: 5_000, send: httpWebhookSender() },
          // The phone ordering page, at /.
          plugins: [orderingPage],
        }).catch((err: NodeJS.ErrnoException) => {
          // A certificate or key that does not read as PEM, or that do not go together.
          if (https && (String(err.code ?? '').startsWith('ERR_OSSL') || /PEM|key values mismatch/i.test(err.message))) {
            throw new UsageError(`--tls-cert/--tls-key : certificat ou clé illisible, ou qui ne vont pas ensemble (${err.message})`);
          }
          throw err;
        });
        const stopped = new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        try {
          await app.listen({ host: opts.host, port: opts.port });
        } catch (err) {
          await app.close();
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EADDRINUSE') throw new PosError(`le port ${opts.port} est déjà pris sur ${opts.host} (--port pour un autre)`);
          if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`--host : adresse « ${opts.host} » introuvable sur cette machine`);
          if (code === 'EACCES') throw new PosError(`le port ${opts.port} demande des droits d'administrateur (prenez un port au-dessus de 1024)`);
          throw err;
        }
        const address = app.server.address();
        const port = typeof address === 'object' && address ? address.port : opts.port;
        const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
        process.stdout.write(`pos serve : ${https ? 'https' : 'http'}://${host}:${port}/api/v1 (Ctrl+C pour arrêter)\n`);
        process.stdout.write(`commandes depuis le téléphone : ${https ? 'https' : 'http'}://${host}:${port}/\n`);
        // Supplier orders waiting to be e-mailed go out from here, every minute (orders by e-mail, #20).
        const mail = await mailerOf(core);
        if (mail && 'problem' in mail) process.stderr.write(`pos serve : e-mails de commande pas envoyés : ${mail.problem}\n`);
        const mailRetries = mail && 'mailer' in mail
          ? startOrderMailRetries(core, orderPost(mail.mailer), {
            onOutcome: (outcome) => process.stderr.write(`pos serve : ${outcomeLine(outcome)}`),
            onError: (err) => process.stderr.write(`pos serve : e-mails de commande : ${(err as Error).message}\n`),
          })
          : null;
        await stopped;
        await mailRetries?.stop();
        await app.close();
      });
    });
}
