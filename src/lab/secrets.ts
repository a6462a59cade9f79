import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { registerSecret } from '../contract/redact.js';

/** The lab's secrets, written to `secrets.env` (KEY=VALUE lines, mode 600), never into YAML. */
export interface LabSecrets {
  PG_PASSWORD: string;
  PG_SUPER_PASSWORD: string;
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
}

/** Path of the lab's secrets file. */
export function secretsPath(dir: string): string {
  return join(dir, 'secrets.env');
}

/** Fresh secrets for a new lab: random passwords, dummy AWS keys (moto accepts any). */
export function generateSecrets(): LabSecrets {
  const token = () => randomBytes(18).toString('base64url');
  return {
    PG_PASSWORD: token(),
    PG_SUPER_PASSWORD: token(),
    AWS_ACCESS_KEY_ID: 'lab',
    AWS_SECRET_ACCESS_KEY: `lab-${token()}`,
  };
}

/** Writes `secrets.env` readable by its owner only. */
export async function writeSecrets(dir: string, secrets: LabSecrets): Promise<void> {
  registerSecret(secrets.PG_PASSWORD);
  registerSecret(secrets.PG_SUPER_PASSWORD);
  const lines = Object.entries(secrets).map(([k, v]) => `${k}=${v}`);
  await writeFile(secretsPath(dir), `${lines.join('\n')}\n`, { mode: 0o600 });
}

/** Reads `secrets.env`; every password read is registered so that it is never printed. */
export async function readSecrets(dir: string): Promise<LabSecrets> {
  const text = await readFile(secretsPath(dir), 'utf8');
  const map: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) map[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  const secrets = map as unknown as LabSecrets;
  registerSecret(secrets.PG_PASSWORD);
  registerSecret(secrets.PG_SUPER_PASSWORD);
  return secrets;
}
