import { labAws, labRoute53 } from './aws.js';
import { resolveLabUrl } from './resolver.js';
import type { LabSecrets } from './secrets.js';
import { REGIONS, type LabState, type RegionName } from './state.js';

/**
 * The region the `erp` record points at now (region-a until a failover moves it): the one that
 * must serve after `up`. Falls back to region-a when the record does not resolve.
 */
export async function servingRegion(state: LabState, secrets: LabSecrets): Promise<RegionName> {
  if (!state.dns.zoneId) return 'region-a';
  try {
    const route53 = labRoute53(labAws(state, secrets));
    const o = { route53, zoneId: state.dns.zoneId, entryPorts: state.dns.entryPorts };
    const { host } = await resolveLabUrl(o, state.dns.record);
    return REGIONS.find((r) => host.startsWith(`${r}.`)) ?? 'region-a';
  } catch {
    return 'region-a';
  }
}
