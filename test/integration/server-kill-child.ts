import { startServe } from '../../src/server/serve';

// A `paydesk serve` in a child process for server-kill.test.ts: it reports its address, and when
// the export reaches the stage named by KILL_AT (a progress message) it tells the parent and
// stops dead right there (the event loop blocked), so the parent's SIGKILL lands at exactly that
// point of the export.

const send = (m: unknown) => process.send?.(m);

async function main() {
  const serving = await startServe({ db: process.env.SERVE_DB!, listen: '127.0.0.1:0', log: () => undefined });
  const killAt = process.env.KILL_AT!;
  serving.core.onEvent((event) => {
    if (event.kind === 'progress' && event.task === 'export' && (event.message ?? '').startsWith(killAt)) {
      send({ killMe: event.message });
      // Hold everything here until the parent's SIGKILL (at most 30 s, then fail loudly).
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
      process.stderr.write('server-kill-child: no SIGKILL came within 30 s\n');
      process.exit(3);
    }
  });
  send({ url: serving.server.url });
}

main().catch((err: unknown) => {
  process.stderr.write(`server-kill-child failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(2);
});
