/** What the lab's ERP app is told through its environment (set by the lab controller). */
export interface AppConfig {
  region: string;
  port: number;
  pg: { host: string; port: number; database: string; user: string; password: string };
  s3: { endpoint: string; region: string; bucket: string; prefix: string };
}

function need(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`app: ${name} is not set`);
  return value;
}

/** Reads the app's configuration; fails naming the first missing variable. */
export function appConfigFromEnv(env: NodeJS.ProcessEnv): AppConfig {
  return {
    region: need(env, 'DR_REGION'),
    port: Number(need(env, 'PORT')),
    pg: {
      host: need(env, 'PGHOST'),
      port: Number(need(env, 'PGPORT')),
      database: need(env, 'PGDATABASE'),
      user: need(env, 'PGUSER'),
      password: need(env, 'PGPASSWORD'),
    },
    s3: {
      endpoint: need(env, 'S3_ENDPOINT'),
      region: env.AWS_REGION ?? 'eu-west-1',
      bucket: need(env, 'FILESTORE_BUCKET'),
      prefix: env.FILESTORE_PREFIX ?? 'filestore/',
    },
  };
}
