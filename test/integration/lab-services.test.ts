import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  GetBucketVersioningCommand,
  HeadObjectCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import {
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
} from '@aws-sdk/client-route-53';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { inventorySchema } from '../../src/runbook/inventory-schema.js';
import {
  labAws,
  labRoute53,
  labS3,
  labStatus,
  readSecrets,
  requireState,
  resolveLabUrl,
} from '../../src/lab/index.js';

const dir = inject('labDir');

describe.skipIf(!dir)('the lab (shared, started by the global setup)', () => {
  const labDir = dir ?? '';

  it('reports every service running and region-a healthy through its entry point', async () => {
    const status = await labStatus(labDir);
    expect(status.healthy).toBe(true);
    const names = status.services
      .filter((s) => s.running)
      .map((s) => s.name)
      .sort();
    expect(names).toEqual([
      'daemon-region-a',
      'daemon-region-b',
      'moto',
      'postgres-region-a',
      'tls-front',
    ]);
    expect(status.services.find((s) => s.name === 'daemon-region-a')?.health).toBe(
      'entry point /web/health 200',
    );
    expect(status.apps.some((a) => a.region === 'region-a' && a.ready)).toBe(true);
  });

  it('serves S3 and Route 53 to the unchanged AWS SDK', async () => {
    const state = await requireState(labDir);
    const aws = labAws(state, await readSecrets(labDir));
    const s3 = labS3(aws);
    const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name).sort();
    expect(buckets).toEqual([
      'filestore-region-a',
      'filestore-region-b',
      'pgbackrest-region-a',
      'pgbackrest-region-b',
    ]);
    const versioning = await s3.send(
      new GetBucketVersioningCommand({ Bucket: 'filestore-region-b' }),
    );
    expect(versioning.Status).toBe('Enabled');
    const r53 = labRoute53(aws);
    const zones = await r53.send(
      new ListHostedZonesByNameCommand({ DNSName: 'shop.example.test' }),
    );
    const zoneId = zones.HostedZones?.[0]?.Id ?? '';
    const sets = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    const erp = sets.ResourceRecordSets?.find((r) => r.Name === 'erp.shop.example.test.');
    expect(erp?.Type).toBe('CNAME');
    expect(erp?.ResourceRecords?.[0]?.Value).toBe('region-a.shop.example.test');
  });

  it('places an order through DNS: region-a answers, the row and its file exist', async () => {
    const state = await requireState(labDir);
    const secrets = await readSecrets(labDir);
    const aws = labAws(state, secrets);
    const resolved = await resolveLabUrl(
      {
        route53: labRoute53(aws),
        zoneId: state.dns.zoneId ?? '',
        entryPorts: state.dns.entryPorts,
      },
      'erp.shop.example.test',
    );
    expect(resolved.url).toBe(`http://127.0.0.1:${state.regions['region-a'].entryPort}`);
    const res = await fetch(`${resolved.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: 'lab-test', amount: 42 }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-dr-region')).toBe('region-a');
    const body = (await res.json()) as { id: number; region: string };
    expect(body.region).toBe('region-a');
    const client = new pg.Client({
      host: '127.0.0.1',
      port: state.regions['region-a'].pgPort,
      database: 'odoo',
      user: 'odoo',
      password: secrets.PG_PASSWORD,
    });
    await client.connect();
    try {
      const row = await client.query<{ customer: string; store_fname: string }>(
        'SELECT o.customer, a.store_fname FROM sale_order o JOIN ir_attachment a ON a.id = o.attachment_id WHERE o.id = $1',
        [body.id],
      );
      expect(row.rows[0]?.customer).toBe('lab-test');
      const key = `filestore/${row.rows[0]?.store_fname ?? ''}`;
      const head = await labS3(aws).send(
        new HeadObjectCommand({ Bucket: 'filestore-region-a', Key: key }),
      );
      expect(head.ContentLength).toBeGreaterThan(0);
      const seeded = await client.query<{ n: string }>(
        "SELECT count(*) AS n FROM ir_attachment WHERE name LIKE 'seed-%'",
      );
      expect(Number(seeded.rows[0]?.n)).toBe(12);
    } finally {
      await client.end();
    }
  });

  it('writes an inventory with secret references, a secrets file and a kubeconfig', async () => {
    const state = await requireState(labDir);
    const text = await readFile(join(labDir, 'inventory.yaml'), 'utf8');
    const secrets = await readSecrets(labDir);
    expect(text).not.toContain(secrets.PG_PASSWORD);
    const inventory = parse(text) as {
      kind: string;
      environments: Record<
        string,
        {
          postgres: { port: number; password: string };
          pgbackrest: { config: string };
          kubernetes: { context: string };
        }
      >;
    };
    expect(inventory.kind).toBe('Inventory');
    const checked = inventorySchema.safeParse(inventory);
    expect(checked.error?.issues ?? []).toEqual([]);
    expect(inventory.environments['region-a']?.postgres.port).toBe(
      state.regions['region-a'].pgPort,
    );
    expect(inventory.environments['region-b']?.postgres.password).toBe(
      '${{ secrets.PG_PASSWORD }}',
    );
    const conf = await readFile(
      join(labDir, inventory.environments['region-b']?.pgbackrest.config ?? ''),
      'utf8',
    );
    expect(conf).toContain('repo1-s3-bucket=pgbackrest-region-a');
    const kubeconfig = parse(await readFile(join(labDir, 'kubeconfig.yaml'), 'utf8')) as {
      contexts: { name: string }[];
    };
    expect(kubeconfig.contexts.map((c) => c.name)).toEqual(['region-a', 'region-b']);
  });
});
