import { AppError } from '../../shared/api/errors';
import { startServe } from '../../server/serve';
import { type Command, stringOption } from '../command';

// `paydesk serve`: the database as a PayDesk server for the agency's team (docs/server.md).

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the database as a PayDesk server (HTTPS) for the team: paydesk serve --db FILE|postgres://…',
  usage: 'paydesk serve --db FILE|postgres://USER@HOST[:PORT]/DATABASE [--listen HOST:PORT (default 127.0.0.1:8443)] [--cert FILE --key FILE]',
  options: { listen: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' } },
  async run(ctx) {
    if (ctx.values.db === undefined && !process.env.PAYDESK_DB) throw new AppError({ code: 'BAD_REQUEST', field: 'db', message: 'paydesk serve needs --db FILE or --db postgres://USER@HOST/DATABASE (or PAYDESK_DB): the database it serves' });
    const serving = await startServe({
      db: ctx.db,
      listen: stringOption(ctx.values, 'listen', false),
      certFile: stringOption(ctx.values, 'cert', false),
      keyFile: stringOption(ctx.values, 'key', false),
    });
    const { server, certificate } = serving;
    const print = (line: string) => process.stderr.write(`${line}\n`);
    print(`PayDesk server for ${serving.core.store.file}`);
    print(`  listening on ${server.url}`);
    print(
      server.servesApp
        ? `  browsers (providers, and staff without the desktop app): open ${server.url}/`
        : '  no app for browsers: the renderer is not built here (npm run build), so only the API answers',
    );
    print(`  certificate SHA-256 fingerprint: ${certificate.fingerprint}`);
    print(
      certificate.generated
        ? `  (a self-signed certificate made now, kept in ${certificate.certFile}: clients compare this fingerprint once, then pin it)`
        : `  (certificate ${certificate.certFile})`,
    );
    print('Ctrl+C (SIGINT) or SIGTERM stops it: the calls in flight finish first.');
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        print(`${signal}: stopping (letting the calls in flight finish) …`);
        void serving.stop().then(resolve);
      };
      const onInt = () => stop('SIGINT');
      const onTerm = () => stop('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    });
    print('PayDesk server stopped.');
    return 0;
  },
};
