import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListHostedZonesByNameCommand,
  type Route53Client,
  type Change,
} from '@aws-sdk/client-route-53';

/** The lab's public names. */
export const LAB_ZONE = 'shop.example.test';
export const LAB_RECORD = `erp.${LAB_ZONE}`;

/** The name of a region's entry point in the lab's zone. */
export function regionHost(region: string): string {
  return `${region}.${LAB_ZONE}`;
}

async function zoneId(r53: Route53Client, zone: string): Promise<string | undefined> {
  const out = await r53.send(new ListHostedZonesByNameCommand({ DNSName: zone }));
  const found = out.HostedZones?.find((z) => z.Name === `${zone}.`);
  return found?.Id?.replace('/hostedzone/', '');
}

function upsert(name: string, type: 'A' | 'CNAME', value: string): Change {
  return {
    Action: 'UPSERT',
    ResourceRecordSet: { Name: name, Type: type, TTL: 5, ResourceRecords: [{ Value: value }] },
  };
}

/**
 * Creates the zone (once) with an A record per region and `erp` as a CNAME to the first region;
 * returns the zone id.
 */
export async function ensureLabZone(
  r53: Route53Client,
  o: { regions: string[]; primary: string },
): Promise<string> {
  let id = await zoneId(r53, LAB_ZONE);
  // An existing zone may have been failed over already: a repairing `up` leaves it as it is.
  if (id) return id;
  {
    const created = await r53.send(
      new CreateHostedZoneCommand({ Name: LAB_ZONE, CallerReference: `lab-${Date.now()}` }),
    );
    id = created.HostedZone?.Id?.replace('/hostedzone/', '');
  }
  if (!id) throw new Error('Route 53 created no hosted zone id');
  const changes = o.regions.map((r) => upsert(regionHost(r), 'A', '127.0.0.1'));
  changes.push(upsert(LAB_RECORD, 'CNAME', regionHost(o.primary)));
  await r53.send(
    new ChangeResourceRecordSetsCommand({ HostedZoneId: id, ChangeBatch: { Changes: changes } }),
  );
  return id;
}
