/**
 * The lab's Kubernetes API: the Kubernetes REST protocol over plain HTTP on loopback, with
 * programmatic access for the lab controller that has the same semantics as the API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DrError } from '../../contract/errors.js';
import { ObjectOperations } from './object-operations.js';
import { ObjectStore } from './object-store.js';
import { programmaticAccess } from './programmatic-access.js';
import { namespaceType, typeByKind } from './resources.js';
import { handleRequest } from './router.js';
import { loadState, StateWriter } from './state-file.js';
import type { KubeApiOptions, KubeApiServer } from './types.js';
import { WatchHub } from './watch.js';

export { kubeconfigYaml } from './kubeconfig.js';

/** The namespaces every cluster starts with. */
const initialNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function openStore(options: KubeApiOptions): ObjectStore {
  const saved = options.stateFile === undefined ? undefined : loadState(options.stateFile);
  const store = new ObjectStore(saved?.resourceVersion ?? 0);
  if (saved === undefined) {
    const objects = new ObjectOperations(store);
    for (const name of initialNamespaces)
      objects.create(namespaceType, undefined, { metadata: { name } });
    return store;
  }
  for (const object of saved.objects) {
    const type = typeByKind(object.apiVersion, object.kind);
    if (type === undefined) {
      throw new DrError(
        'lab.kube-state',
        `${options.stateFile}: ${object.apiVersion} ${object.kind} is not served`,
      );
    }
    store.restore(type, object);
  }
  return store;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stateWriterOf(store: ObjectStore, file: string | undefined): StateWriter | undefined {
  if (file === undefined) return undefined;
  const snapshot = () => ({
    version: 1 as const,
    resourceVersion: store.revision(),
    objects: store.all(),
  });
  const writer = new StateWriter(file, snapshot);
  store.feed.subscribe(() => writer.changed());
  writer.changed(); // the seeded namespaces, or a rewrite of what was loaded
  return writer;
}

/** Starts a lab Kubernetes API; resolves once it listens. */
export async function startKubeApi(options: KubeApiOptions): Promise<KubeApiServer> {
  const host = options.host ?? '127.0.0.1';
  const store = openStore(options);
  const objects = new ObjectOperations(store);
  const watches = new WatchHub(store);
  const writer = stateWriterOf(store, options.stateFile);

  const server = createServer();
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const context = { objects, watches, serverAddress: '' };
  server.on('request', (request, response) => void handleRequest(context, request, response));
  const port = await listen(server, host, options.port ?? 0);
  context.serverAddress = `${hostPart}:${port}`;

  return {
    url: `http://${hostPart}:${port}`,
    port,
    ...programmaticAccess(objects),
    close: async () => {
      watches.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await writer?.flush();
    },
  };
}
