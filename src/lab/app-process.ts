import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeApiServer, KubeObject } from './kube/types.js';
import { labScriptPath } from './scripts.js';

/** One app process the controller runs for a Deployment replica. */
export interface AppProcess {
  pod: string;
  namespace: string;
  deployment: string;
  pid: number;
  port: number;
  child: ChildProcess;
  exited: boolean;
  ready: boolean;
  health?: unknown;
  startedAt: string;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

/** The first container's env of a Deployment's pod template, secret references resolved. */
export function templateEnv(api: KubeApiServer, deployment: KubeObject): Record<string, string> {
  const spec = deployment.spec as { template?: { spec?: { containers?: { env?: EnvVar[] }[] } } };
  const env: Record<string, string> = {};
  const namespace = deployment.metadata.namespace;
  for (const v of spec.template?.spec?.containers?.[0]?.env ?? []) {
    const ref = v.valueFrom?.secretKeyRef;
    if (ref) {
      const secret = api.get('v1', 'Secret', namespace, ref.name);
      const data = (secret?.data ?? {}) as Record<string, string>;
      const encoded = data[ref.key];
      if (encoded !== undefined) env[v.name] = Buffer.from(encoded, 'base64').toString('utf8');
    } else if (v.value !== undefined) {
      env[v.name] = v.value;
    }
  }
  return env;
}

/**
 * Starts one app process as a child of the region daemon (same process group, IPC channel), so
 * that the app dies with the daemon: a disaster that kills the daemon kills its apps.
 */
export function spawnApp(o: {
  deployment: KubeObject;
  pod: string;
  port: number;
  env: Record<string, string>;
  logDir: string;
}): AppProcess {
  const fd = openSync(join(o.logDir, `app-${o.pod}.log`), 'a');
  try {
    const child = fork(labScriptPath('app-server'), [], {
      env: { PATH: process.env.PATH ?? '', ...o.env, PORT: String(o.port) },
      stdio: ['ignore', fd, fd, 'ipc'],
    });
    const app: AppProcess = {
      pod: o.pod,
      namespace: o.deployment.metadata.namespace ?? 'default',
      deployment: o.deployment.metadata.name ?? '',
      pid: child.pid ?? 0,
      port: o.port,
      child,
      exited: false,
      ready: false,
      startedAt: new Date().toISOString(),
    };
    child.on('exit', () => {
      app.exited = true;
      app.ready = false;
    });
    child.on('error', () => {
      app.exited = true;
    });
    return app;
  } finally {
    closeSync(fd);
  }
}

/** Asks an app for `/web/health`; ready means 200. */
export async function probeApp(app: AppProcess): Promise<void> {
  try {
    const res = await fetch(`http://127.0.0.1:${app.port}/web/health`, {
      signal: AbortSignal.timeout(2000),
    });
    app.health = await res.json();
    app.ready = res.status === 200;
  } catch (error) {
    app.ready = false;
    app.health = {
      status: 'unreachable',
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Stops an app process (SIGTERM, then SIGKILL after 3 s). */
export async function stopApp(app: AppProcess): Promise<void> {
  if (app.exited) return;
  const exited = new Promise<void>((resolve) => app.child.once('exit', () => resolve()));
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => app.child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
