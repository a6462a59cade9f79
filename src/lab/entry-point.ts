import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { KubeApiServer, KubeObject } from './kube/types.js';
import type { LabController } from './controller.js';

/** Where the region's ingress sends traffic: a Service in a namespace. */
interface Backend {
  namespace: string;
  service: string;
}

function ingressBackend(ingress: KubeObject, host: string | undefined): Backend | undefined {
  const spec = ingress.spec as {
    rules?: { host?: string; http?: { paths?: { backend?: { service?: { name?: string } } }[] } }[];
    defaultBackend?: { service?: { name?: string } };
  };
  const rules = spec.rules ?? [];
  const rule = rules.find((r) => r.host === host) ?? rules.find((r) => !r.host) ?? rules[0];
  const name = rule?.http?.paths?.[0]?.backend?.service?.name ?? spec.defaultBackend?.service?.name;
  return name ? { namespace: ingress.metadata.namespace ?? 'default', service: name } : undefined;
}

function ingressRouteBackend(route: KubeObject): Backend | undefined {
  const spec = route.spec as { routes?: { services?: { name?: string }[] }[] };
  const name = spec.routes?.[0]?.services?.[0]?.name;
  return name ? { namespace: route.metadata.namespace ?? 'default', service: name } : undefined;
}

/**
 * The backend the region's ingress picks: a Traefik IngressRoute wins over an Ingress (as Traefik
 * would serve it), and an Ingress rule for the request's host wins over the others.
 */
export function pickBackend(api: KubeApiServer, host: string | undefined): Backend | undefined {
  for (const route of api.list('traefik.io/v1alpha1', 'IngressRoute')) {
    const backend = ingressRouteBackend(route);
    if (backend) return backend;
  }
  for (const ingress of api.list('networking.k8s.io/v1', 'Ingress')) {
    const backend = ingressBackend(ingress, host);
    if (backend) return backend;
  }
  return undefined;
}

function unavailable(res: ServerResponse, region: string, reason: string): void {
  res.writeHead(503, { 'content-type': 'application/json', 'x-dr-region': region });
  res.end(JSON.stringify({ status: 'unavailable', region, reason }));
}

function forward(req: IncomingMessage, res: ServerResponse, o: { port: number; region: string }) {
  const upstream = request(
    {
      host: '127.0.0.1',
      port: o.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
      timeout: 10_000,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
  upstream.on('error', (error) => {
    if (!res.headersSent) unavailable(res, o.region, `backend: ${error.message}`);
    else res.destroy();
  });
  req.pipe(upstream);
}

/**
 * Starts a region's entry point: an HTTP reverse proxy that routes by the region's Ingress to a
 * ready app of the backend Service, round-robin, or answers 503 when none is ready.
 */
export function startEntryPoint(o: {
  api: KubeApiServer;
  controller: LabController;
  region: string;
  port: number;
}): Promise<Server> {
  let next = 0;
  const server = createServer((req, res) => {
    const backend = pickBackend(o.api, req.headers.host?.split(':')[0]);
    if (!backend) return unavailable(res, o.region, 'no ingress routes to a service');
    const service = o.api.get('v1', 'Service', backend.namespace, backend.service);
    const selector = (service?.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (!selector) return unavailable(res, o.region, `service ${backend.service} not found`);
    const apps = o.controller.readyApps(backend.namespace, selector);
    const app = apps[next++ % Math.max(apps.length, 1)];
    if (!app) return unavailable(res, o.region, `no ready backend for service ${backend.service}`);
    forward(req, res, { port: app.port, region: o.region });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve(server));
  });
}
