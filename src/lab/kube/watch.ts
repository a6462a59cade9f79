/**
 * Watches: a chunked stream of newline-delimited `{"type":…,"object":…}` events, starting with
 * the current objects as ADDED (or with the changes after a given resourceVersion), kept open
 * until the client goes, `timeoutSeconds` pass, or the server closes.
 */
import type { ServerResponse } from 'node:http';
import type { StoredChange } from './change-feed.js';
import type { ObjectStore } from './object-store.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import type { Matcher } from './selectors.js';
import { badRequest, expired } from './status.js';
import { asTable } from './table.js';
import type { KubeObject } from './types.js';

/** What to watch. */
export interface WatchRequest {
  type: ResourceType;
  namespace: string | undefined;
  matches: Matcher;
  resourceVersion: string | null;
  timeoutSeconds: number | undefined;
  sendInitialEvents: boolean;
  /** Send each object as a one-row Table, as `kubectl get -w` asks. */
  table: boolean;
}

interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

/** The real server's default: between 30 and 60 minutes. */
const defaultTimeoutSeconds = 1800;

/** The event a change is to a watcher: an object entering the selection is ADDED, one leaving it DELETED. */
function eventFor(change: StoredChange, request: WatchRequest): WatchEvent | undefined {
  const wanted = (o: KubeObject | undefined) =>
    o !== undefined &&
    (request.namespace === undefined || o.metadata.namespace === request.namespace) &&
    request.matches(o);
  if (change.resource !== request.type) return undefined;
  const now = change.type !== 'DELETED' && wanted(change.object);
  const before = change.type !== 'ADDED' && wanted(change.previous);
  if (now && before) return { type: 'MODIFIED', object: change.object };
  if (now) return { type: 'ADDED', object: change.object };
  if (before) return { type: 'DELETED', object: change.object };
  return undefined;
}

/** The open watches of one server. */
export class WatchHub {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly store: ObjectStore) {}

  serve(response: ServerResponse, watch: WatchRequest): void {
    const { resourceVersion } = watch;
    const fromStart = !resourceVersion || resourceVersion === '0' || watch.sendInitialEvents;
    if (!fromStart && !/^\d+$/.test(resourceVersion)) {
      throw badRequest(`invalid resource version: ${resourceVersion}`);
    }
    const replay = fromStart ? [] : this.store.feed.since(Number(resourceVersion));
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
    });
    response.flushHeaders();
    const send = (event: WatchEvent) => {
      const asRow = watch.table && event.type !== 'ERROR' && event.type !== 'BOOKMARK';
      const shown = asRow ? { ...event, object: asTable(watch.type, event.object) } : event;
      response.write(`${JSON.stringify(shown)}\n`);
    };
    if (replay === undefined) {
      send({
        type: 'ERROR',
        object: expired(resourceVersion ?? '', this.store.feed.oldestRevision()).status(),
      });
      response.end();
      return;
    }
    if (fromStart) this.sendInitial(watch, send);
    for (const change of replay) this.forward(change, watch, send);
    this.keepOpen(response, watch, send);
  }

  /** Ends every open watch. */
  closeAll(): void {
    for (const response of this.open) response.end();
    this.open.clear();
  }

  private sendInitial(watch: WatchRequest, send: (event: WatchEvent) => void): void {
    for (const object of this.store.list(watch.type, watch.namespace)) {
      if (watch.matches(object)) send({ type: 'ADDED', object });
    }
    if (!watch.sendInitialEvents) return;
    const metadata = {
      resourceVersion: String(this.store.revision()),
      annotations: { 'k8s.io/initial-events-end': 'true' },
    };
    send({
      type: 'BOOKMARK',
      object: { kind: watch.type.kind, apiVersion: apiVersionOf(watch.type), metadata },
    });
  }

  private forward(
    change: StoredChange,
    watch: WatchRequest,
    send: (event: WatchEvent) => void,
  ): void {
    const event = eventFor(change, watch);
    if (event !== undefined) send(event);
  }

  private keepOpen(
    response: ServerResponse,
    watch: WatchRequest,
    send: (event: WatchEvent) => void,
  ): void {
    this.open.add(response);
    const unsubscribe = this.store.feed.subscribe((change) => this.forward(change, watch, send));
    const timer = setTimeout(
      () => response.end(),
      (watch.timeoutSeconds ?? defaultTimeoutSeconds) * 1000,
    );
    const stop = () => {
      clearTimeout(timer);
      unsubscribe();
      this.open.delete(response);
    };
    // The response closes when the client goes or the watch ends; the request's 'close' fires
    // as soon as its (empty) body is read.
    response.on('close', stop);
  }
}
