import { createConnection, createServer } from 'node:net';
import { DrError } from '../contract/errors.js';
import { sleep } from '../contract/sleep.js';

/** A TCP port that is free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  for (let i = 0; ports.size < count && i < count * 10; i++) ports.add(await freePort());
  return [...ports];
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Waits until the port accepts connections, or fails after `timeoutMs`. */
export async function waitPortOpen(o: {
  port: number;
  what: string;
  timeoutMs: number;
  log?: string;
}) {
  const deadline = Date.now() + o.timeoutMs;
  while (Date.now() < deadline) {
    if (await portOpen(o.port)) return;
    await sleep(100);
  }
  throw new DrError(
    'lab.start-timeout',
    `${o.what} did not open port ${o.port} within ${o.timeoutMs} ms`,
    {
      hint: o.log ? `see its log: ${o.log}` : undefined,
    },
  );
}
