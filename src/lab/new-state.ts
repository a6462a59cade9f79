import { freePorts } from './ports.js';
import { LAB_RECORD, LAB_ZONE, regionHost } from './route53-zone.js';
import type { LabState, RegionName, RegionState } from './state.js';

/** A fresh lab state: every port picked now (free on 127.0.0.1), no service started yet. */
export async function newLabState(dir: string): Promise<LabState> {
  const [moto, tls, pgA, pgB, kubeA, kubeB, entryA, entryB] = await freePorts(8);
  if (entryB === undefined || moto === undefined || tls === undefined)
    throw new Error('no free ports');
  const region = (name: RegionName, ports: (number | undefined)[]): RegionState => ({
    name,
    peer: name === 'region-a' ? 'region-b' : 'region-a',
    pgPort: ports[0] ?? 0,
    kubePort: ports[1] ?? 0,
    entryPort: ports[2] ?? 0,
    backupBucket: `pgbackrest-${name}`,
    filestoreBucket: `filestore-${name}`,
  });
  return {
    version: 1,
    dir,
    createdAt: new Date().toISOString(),
    awsRegion: 'eu-west-1',
    motoPort: moto,
    tlsPort: tls,
    regions: {
      'region-a': region('region-a', [pgA, kubeA, entryA]),
      'region-b': region('region-b', [pgB, kubeB, entryB]),
    },
    services: [],
    dns: {
      zone: LAB_ZONE,
      record: LAB_RECORD,
      entryPorts: { [regionHost('region-a')]: entryA ?? 0, [regionHost('region-b')]: entryB },
    },
  };
}
