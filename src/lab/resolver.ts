import { ListResourceRecordSetsCommand, type Route53Client } from '@aws-sdk/client-route-53';
import { DrError } from '../contract/errors.js';

/** What the resolver needs: Route 53, the zone, and the lab's map from A names to ports. */
export interface ResolverOptions {
  route53: Route53Client;
  zoneId: string;
  /** `region-a.shop.example.test` → the port of region-a's entry point (all A records are 127.0.0.1). */
  entryPorts: Record<string, number>;
}

/** A resolved name: the chain of names followed and the URL to send requests to. */
export interface Resolution {
  chain: string[];
  host: string;
  url: string;
}

const fqdn = (name: string) => (name.endsWith('.') ? name : `${name}.`);
const bare = (name: string) => name.replace(/\.$/, '');

async function lookup(o: ResolverOptions, name: string) {
  const out = await o.route53.send(
    new ListResourceRecordSetsCommand({
      HostedZoneId: o.zoneId,
      StartRecordName: fqdn(name),
      MaxItems: 10,
    }),
  );
  return (out.ResourceRecordSets ?? []).find(
    (r) => r.Name === fqdn(name) && (r.Type === 'CNAME' || r.Type === 'A'),
  );
}

/**
 * Follows `name` through Route 53 (CNAMEs, at most 8 hops) to an A record, and maps that name to
 * the URL of the lab entry point it stands for. This is how lab clients "use DNS" without
 * touching the machine's resolver.
 */
export async function resolveLabUrl(o: ResolverOptions, name: string): Promise<Resolution> {
  const chain: string[] = [];
  let current = bare(name);
  for (let hop = 0; hop < 8; hop++) {
    chain.push(current);
    const record = await lookup(o, current);
    const value = record?.ResourceRecords?.[0]?.Value;
    if (!record || !value) break;
    if (record.Type === 'CNAME') {
      current = bare(value);
      continue;
    }
    const port = o.entryPorts[current];
    if (port === undefined) break;
    return { chain, host: current, url: `http://${value}:${port}` };
  }
  throw new DrError('lab.dns-unresolved', `${name} does not resolve to a lab entry point`, {
    hint: `followed: ${chain.join(' -> ')}`,
  });
}
