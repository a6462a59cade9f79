import { portOpen } from './ports.js';
import { sameProcess } from './processes.js';
import type { ServiceState } from './state.js';

/** Whether a service's recorded process still runs and every one of its ports answers. */
export async function serviceAlive(service: ServiceState | undefined): Promise<boolean> {
  if (!service?.pid || !sameProcess(service.pid, service.startTicks)) return false;
  for (const port of Object.values(service.ports)) if (!(await portOpen(port))) return false;
  return true;
}

/** GETs a URL with a timeout; the status and JSON body, or the connection error. */
export async function httpProbe(
  url: string,
  timeoutMs = 2000,
): Promise<{ status: number; body: unknown; region?: string } | { error: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // an HTML page, kept as text
    }
    return { status: res.status, body, region: res.headers.get('x-dr-region') ?? undefined };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { error: cause ?? (error instanceof Error ? error.message : String(error)) };
  }
}
