import { writeFile, rename } from 'node:fs/promises';
import type { KubeApiServer, KubeObject } from './kube/types.js';
import { probeApp, spawnApp, stopApp, templateEnv, type AppProcess } from './app-process.js';
import { freePort } from './ports.js';

/** The lab controller of one region: Deployment replicas → app processes, and their status. */
export interface LabController {
  /** Running apps whose pod labels match `selector` in `namespace` (for the entry point). */
  readyApps(namespace: string, selector: Record<string, string>): AppProcess[];
  stop(): Promise<void>;
}

const key = (d: KubeObject) => `${d.metadata.namespace ?? 'default'}/${d.metadata.name ?? ''}`;

function podLabels(d: KubeObject): Record<string, string> {
  const spec = d.spec as { template?: { metadata?: { labels?: Record<string, string> } } };
  return spec.template?.metadata?.labels ?? {};
}

function desiredReplicas(d: KubeObject): number {
  const replicas = (d.spec as { replicas?: number } | undefined)?.replicas;
  return typeof replicas === 'number' ? Math.max(0, Math.min(replicas, 4)) : 1;
}

class Controller implements LabController {
  private apps = new Map<string, AppProcess[]>();
  private lastStatus = new Map<string, string>();
  private running = false;
  private again = false;
  private stopped = false;
  private serial = 0;

  constructor(private o: { api: KubeApiServer; logDir: string; appsFile: string }) {}

  readyApps(namespace: string, selector: Record<string, string>): AppProcess[] {
    const out: AppProcess[] = [];
    for (const d of this.o.api.list('apps/v1', 'Deployment', namespace)) {
      const labels = podLabels(d);
      if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) continue;
      out.push(...(this.apps.get(key(d)) ?? []).filter((a) => a.ready && !a.exited));
    }
    return out;
  }

  /** Runs one reconcile now, or once more after the one in progress (never two at once). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.reconcile()
      .catch((error: unknown) => process.stderr.write(`controller: ${String(error)}\n`))
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async reconcile(): Promise<void> {
    const deployments = this.o.api.list('apps/v1', 'Deployment');
    const seen = new Set(deployments.map(key));
    for (const [k, list] of this.apps) {
      if (!seen.has(k)) {
        await Promise.all(list.map(stopApp));
        this.apps.delete(k);
      }
    }
    for (const d of deployments) await this.reconcileOne(d);
    await this.writeAppsFile();
  }

  private async reconcileOne(d: KubeObject): Promise<void> {
    const k = key(d);
    const list = (this.apps.get(k) ?? []).filter((a) => !a.exited);
    const want = desiredReplicas(d);
    while (list.length > want) {
      const extra = list.pop();
      if (extra) await stopApp(extra);
    }
    while (list.length < want && !this.stopped) {
      const pod = `${d.metadata.name ?? 'app'}-${(++this.serial).toString(36)}`;
      const env = templateEnv(this.o.api, d);
      list.push(
        spawnApp({ deployment: d, pod, port: await freePort(), env, logDir: this.o.logDir }),
      );
    }
    this.apps.set(k, list);
    await Promise.all(list.map(probeApp));
    this.reportStatus(d, list);
  }

  private reportStatus(d: KubeObject, list: AppProcess[]): void {
    const ready = list.filter((a) => a.ready).length;
    const status = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: list.length,
      updatedReplicas: list.length,
      readyReplicas: ready,
      availableReplicas: ready,
      unavailableReplicas: list.length - ready,
    };
    const text = JSON.stringify(status);
    if (this.lastStatus.get(key(d)) === text) return;
    this.lastStatus.set(key(d), text);
    this.o.api.updateStatus(
      'apps/v1',
      'Deployment',
      d.metadata.namespace,
      d.metadata.name ?? '',
      status,
    );
  }

  private async writeAppsFile(): Promise<void> {
    const rows = [...this.apps.values()].flat().map((a) => ({
      pod: a.pod,
      namespace: a.namespace,
      deployment: a.deployment,
      pid: a.pid,
      port: a.port,
      ready: a.ready,
      health: a.health,
      startedAt: a.startedAt,
    }));
    const tmp = `${this.o.appsFile}.tmp`;
    await writeFile(tmp, `${JSON.stringify(rows, null, 2)}\n`);
    await rename(tmp, this.o.appsFile);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.apps.values()].flat().map(stopApp));
    this.apps.clear();
    await this.writeAppsFile();
  }
}

/**
 * Starts the controller: it reconciles on every change to the API and every second (to notice
 * an app that became healthy or died), reporting `readyReplicas` once `/web/health` answers 200.
 */
export function startController(o: {
  api: KubeApiServer;
  logDir: string;
  appsFile: string;
}): LabController {
  const controller = new Controller(o);
  const unsubscribe = o.api.onChange((change) => {
    if (change.object.kind === 'Deployment' || change.object.kind === 'Secret') controller.kick();
  });
  const timer = setInterval(() => controller.kick(), 1000);
  controller.kick();
  return {
    readyApps: (ns, sel) => controller.readyApps(ns, sel),
    stop: async () => {
      clearInterval(timer);
      unsubscribe();
      await controller.stop();
    },
  };
}
