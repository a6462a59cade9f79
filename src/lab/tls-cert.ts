import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DrError } from '../contract/errors.js';

const run = promisify(execFile);

/** Where the lab's self-signed certificate lives. */
export interface TlsFiles {
  cert: string;
  key: string;
}

/** Makes (once) a self-signed certificate for 127.0.0.1 with `openssl req -x509`. */
export async function ensureSelfSignedCert(dir: string): Promise<TlsFiles> {
  const tlsDir = join(dir, 'tls');
  const files = { cert: join(tlsDir, 'cert.pem'), key: join(tlsDir, 'key.pem') };
  if (existsSync(files.cert) && existsSync(files.key)) return files;
  await mkdir(tlsDir, { recursive: true, mode: 0o700 });
  const argv = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30'];
  argv.push('-keyout', files.key, '-out', files.cert, '-subj', '/CN=127.0.0.1');
  argv.push('-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost');
  try {
    await run('openssl', argv, { timeout: 30_000 });
  } catch (cause) {
    throw new DrError('lab.openssl-failed', 'could not make the lab certificate with openssl', {
      cause,
      hint: 'install openssl (Debian: apt-get install -y openssl)',
    });
  }
  return files;
}
