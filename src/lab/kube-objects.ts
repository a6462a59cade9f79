import type { KubeObject } from './kube/types.js';
import { FILESTORE_PREFIX } from './filestore.js';
import { DATABASE, DB_USER } from './layout.js';
import { LAB_RECORD } from './route53-zone.js';
import type { LabSecrets } from './secrets.js';
import type { LabState, RegionName } from './state.js';

/** Names of the lab's app objects in each region's Kubernetes API. */
export const NAMESPACE = 'odoo';
export const DEPLOYMENT = 'odoo-web';
export const SERVICE = 'odoo-web';
export const INGRESS = 'odoo';
export const APP_PORT_ANNOTATION = 'lab.dr/port';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const meta = (name: string) => ({ name, namespace: NAMESPACE, labels: { app: DEPLOYMENT } });

function secrets(s: LabSecrets): KubeObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('odoo-db'),
      type: 'Opaque',
      data: { password: b64(s.PG_PASSWORD) },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('odoo-s3'),
      type: 'Opaque',
      data: {
        accessKeyId: b64(s.AWS_ACCESS_KEY_ID),
        secretAccessKey: b64(s.AWS_SECRET_ACCESS_KEY),
      },
    },
  ];
}

const fromSecret = (name: string, secret: string, key: string) => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key } },
});

/** The app's Deployment: its pod template's env is how the controller configures each app process. */
function deployment(state: LabState, region: RegionName): KubeObject {
  const r = state.regions[region];
  const env = [
    { name: 'DR_REGION', value: region },
    { name: 'PGHOST', value: '127.0.0.1' },
    { name: 'PGPORT', value: String(r.pgPort) },
    { name: 'PGDATABASE', value: DATABASE },
    { name: 'PGUSER', value: DB_USER },
    fromSecret('PGPASSWORD', 'odoo-db', 'password'),
    { name: 'S3_ENDPOINT', value: `http://127.0.0.1:${state.motoPort}` },
    { name: 'AWS_REGION', value: state.awsRegion },
    { name: 'FILESTORE_BUCKET', value: r.filestoreBucket },
    { name: 'FILESTORE_PREFIX', value: FILESTORE_PREFIX },
    fromSecret('AWS_ACCESS_KEY_ID', 'odoo-s3', 'accessKeyId'),
    fromSecret('AWS_SECRET_ACCESS_KEY', 'odoo-s3', 'secretAccessKey'),
  ];
  const labels = { app: DEPLOYMENT };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(DEPLOYMENT),
    spec: {
      replicas: region === 'region-a' ? 1 : 0,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name: 'web', image: 'lab/erp-app', ports: [{ containerPort: 8069 }], env },
          ],
        },
      },
    },
  };
}

/** Every object `dr lab up` creates in a region's API, namespace first. */
export function regionObjects(state: LabState, region: RegionName, s: LabSecrets): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    ...secrets(s),
    deployment(state, region),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(SERVICE),
      spec: {
        selector: { app: DEPLOYMENT },
        ports: [{ name: 'http', port: 8069, targetPort: 8069 }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta(INGRESS),
      spec: {
        ingressClassName: 'traefik',
        rules: [
          {
            host: LAB_RECORD,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: SERVICE, port: { number: 8069 } } },
                },
              ],
            },
          },
        ],
      },
    },
  ];
}
