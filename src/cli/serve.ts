// `pos serve`: the HTTP API and the phone ordering page (at /) over the same
// core and database as the tills. Listens on loopback unless told otherwise;
// --tls-cert/--tls-key serve HTTPS directly (or put a TLS reverse proxy in
// front, see the README). Runs until SIGINT/SIGTERM, then closes cleanly.
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { UsageError, withCore } from './context.js';

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError(`--port attend un port 0 à 65535 (reçu « ${value} »)`);
  return Number(value);
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
    .action(async (opts: { host: string; port: number; tlsCert?: string; tlsKey?: string }, command: Command) => {
      if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey)) throw new UsageError('--tls-cert et --tls-key vont ensemble');
      const https = opts.tlsCert && opts.tlsKey ? { cert: readPem('--tls-cert', opts.tlsCert), key: readPem('--tls-key', opts.tlsKey) } : undefined;
      // The server loads only for this command, not with every other one.
      const { buildServer } = await import('../server/app.js');
      const { orderingPage } = await import('../server/ordering/plugin.js');
      await withCore(command, async (core) => {
        const app = await buildServer(core, { version: command.parent?.version() ?? '1', fastify: https ? { https } : {}, plugins: [orderingPage] });
        const stopped = new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await app.listen({ host: opts.host, port: opts.port });
        const address = app.server.address();
        const port = typeof address === 'object' && address ? address.port : opts.port;
        const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
        process.stdout.write(`pos serve : ${https ? 'https' : 'http'}://${host}:${port}/api/v1 (Ctrl+C pour arrêter)\n`);
        process.stdout.write(`commandes depuis le téléphone : ${https ? 'https' : 'http'}://${host}:${port}/\n`);
        await stopped;
        await app.close();
      });
    });
}
