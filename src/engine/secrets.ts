import { existsSync, readFileSync } from 'node:fs';
import { DrError, ExitCode } from '../contract/errors.js';
import { registerSecret } from '../contract/redact.js';

/** Reads `KEY=VALUE` lines (comments and blank lines skipped; values may be quoted). */
function parseSecretsFile(path: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    const raw = match[2] ?? '';
    values.set(match[1] ?? '', raw.replace(/^(["'])(.*)\1$/, '$2'));
  }
  return values;
}

/**
 * Secret lookup: the environment first, then the inventory's secrets file. Every value handed out
 * is registered for redaction first, so it cannot reach a journal, log or terminal in clear.
 */
export function secretSource(
  secretsFile: string | undefined,
): (name: string) => string | undefined {
  const fromFile =
    secretsFile && existsSync(secretsFile)
      ? parseSecretsFile(secretsFile)
      : new Map<string, string>();
  return (name) => {
    const value = process.env[name] ?? fromFile.get(name);
    if (value !== undefined) registerSecret(value);
    return value;
  };
}

/** Fails before anything runs when a referenced secret has no value (names only, never values). */
export function requireSecrets(
  names: string[],
  secret: (name: string) => string | undefined,
): void {
  const missing = names.filter((name) => secret(name) === undefined);
  if (missing.length > 0) {
    throw new DrError('secret.missing', `secrets without a value: ${missing.join(', ')}`, {
      exitCode: ExitCode.invalidInput,
      hint: 'set them as environment variables, or in the secrets file the inventory names (settings.secretsFile)',
    });
  }
}
