/**
 * The TLS front before moto's S3: pgBackRest speaks S3 over TLS only, moto serves plain HTTP.
 * Run as `node tls-front.js --listen PORT --target PORT --cert FILE --key FILE`; it accepts TLS
 * on 127.0.0.1 and pipes every connection to the target port in clear.
 */
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { createServer } from 'node:tls';
import { parseArgs } from 'node:util';

function main(): void {
  const { values } = parseArgs({
    options: {
      listen: { type: 'string' },
      target: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
    },
  });
  const { listen, target, cert, key } = values;
  if (!listen || !target || !cert || !key) {
    process.stderr.write('usage: tls-front --listen PORT --target PORT --cert FILE --key FILE\n');
    process.exit(2);
  }
  const server = createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (socket) => {
    const upstream = createConnection({ host: '127.0.0.1', port: Number(target) });
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  server.on('tlsClientError', () => undefined);
  server.listen(Number(listen), '127.0.0.1', () => {
    process.stdout.write(`tls-front: 127.0.0.1:${listen} -> 127.0.0.1:${target}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
