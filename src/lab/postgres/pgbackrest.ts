import { writeOwnedFile } from './os-user.js';
import { runAsOsUser } from './run-as-os-user.js';

/** Where a stanza's backups and WAL archive live: a local folder, or S3 behind a TLS front. */
export type PgBackRestRepo =
  | { kind: 'posix'; path: string }
  | {
      kind: 's3';
      /** host:port of the TLS front before moto. */
      endpoint: string;
      bucket: string;
      region: string;
      accessKey: string;
      secretKey: string;
      path: string;
    };

/** Options of {@link pgbackrestConfig}. */
export interface PgBackRestConfigOptions {
  stanza: string;
  repo: PgBackRestRepo;
  pgDataDir: string;
  pgPort: number;
  pgSocketDir: string;
  logPath: string;
  lockPath: string;
  spoolPath?: string;
  processMax?: number;
  compressType?: 'none' | 'gz' | 'lz4' | 'zst';
  archiveAsync?: boolean;
  /** Full backups kept (older ones expire with their WAL); default 4. */
  retentionFull?: number;
}

function repoLines(repo: PgBackRestRepo): string[] {
  switch (repo.kind) {
    case 'posix':
      return ['repo1-type=posix', `repo1-path=${repo.path}`];
    case 's3': {
      const colon = repo.endpoint.lastIndexOf(':');
      const host = colon < 0 ? repo.endpoint : repo.endpoint.slice(0, colon);
      const port = colon < 0 ? '443' : repo.endpoint.slice(colon + 1);
      return [
        'repo1-type=s3',
        `repo1-path=${repo.path}`,
        `repo1-s3-bucket=${repo.bucket}`,
        `repo1-s3-endpoint=${host}`,
        `repo1-storage-port=${port}`,
        `repo1-s3-region=${repo.region}`,
        `repo1-s3-key=${repo.accessKey}`,
        `repo1-s3-key-secret=${repo.secretKey}`,
        // moto answers on path-style URLs behind a self-signed TLS front.
        'repo1-s3-uri-style=path',
        'repo1-storage-verify-tls=n',
      ];
    }
  }
}

/** The text of a pgbackrest.conf for one stanza (ini). Holds S3 keys: write it mode 600. */
export function pgbackrestConfig(o: PgBackRestConfigOptions): string {
  const global = [
    ...repoLines(o.repo),
    `repo1-retention-full=${o.retentionFull ?? 4}`,
    `log-path=${o.logPath}`,
    `lock-path=${o.lockPath}`,
    'log-level-console=warn',
    'log-level-file=detail',
    'start-fast=y',
    `process-max=${o.processMax ?? 1}`,
    `compress-type=${o.compressType ?? 'lz4'}`,
  ];
  if (o.spoolPath !== undefined) global.push(`spool-path=${o.spoolPath}`);
  if (o.archiveAsync === true) global.push('archive-async=y');
  const stanza = [`pg1-path=${o.pgDataDir}`, `pg1-port=${o.pgPort}`];
  stanza.push(`pg1-socket-path=${o.pgSocketDir}`);
  return `[global]\n${global.join('\n')}\n\n[${o.stanza}]\n${stanza.join('\n')}\n`;
}

/** Writes a pgbackrest.conf readable only by its OS user (it may hold S3 keys). */
export async function writePgbackrestConfig(path: string, text: string, osUser = 'postgres') {
  await writeOwnedFile(path, text, { osUser, mode: 0o600 });
}

/** `pgbackrest stanza-create` as the OS user. */
export async function stanzaCreate(o: {
  config: string;
  stanza: string;
  osUser?: string;
}): Promise<void> {
  const argv = ['pgbackrest', `--config=${o.config}`, `--stanza=${o.stanza}`, 'stanza-create'];
  await runAsOsUser(o.osUser ?? 'postgres', argv, { timeoutMs: 120_000 });
}

/** `pgbackrest backup` (full by default) as the OS user. */
export async function backup(o: {
  config: string;
  stanza: string;
  type?: 'full' | 'diff' | 'incr';
  osUser?: string;
}): Promise<void> {
  const argv = ['pgbackrest', `--config=${o.config}`, `--stanza=${o.stanza}`];
  argv.push(`--type=${o.type ?? 'full'}`, 'backup');
  await runAsOsUser(o.osUser ?? 'postgres', argv, { timeoutMs: 3_600_000 });
}

/** Quotes one word for the `sh -c` that PostgreSQL runs archive_command with. */
function shellWord(word: string): string {
  return /^[\w./=:@+-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** The `archive_command` value that pushes WAL to the stanza (`%` in paths escaped). */
export function archiveCommand(o: { config: string; stanza: string }): string {
  const words = ['pgbackrest', `--config=${o.config}`, `--stanza=${o.stanza}`];
  const quoted = words.map((w) => shellWord(w).replace(/%/g, '%%'));
  return `${quoted.join(' ')} archive-push %p`;
}
