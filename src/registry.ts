/** The step types dr ships: the only place in src/ that imports adapters. */
import { stepTypes as builtin } from '../adapters/builtin/index.js';
import { stepTypes as kubernetes } from '../adapters/kubernetes/index.js';
import { stepTypes as postgres } from '../adapters/postgres/index.js';
import { stepTypes as route53 } from '../adapters/route53/index.js';
import { stepTypes as s3 } from '../adapters/s3/index.js';
import { createRegistry } from './contract/registry.js';

export const defaultRegistry = createRegistry([
  ...builtin,
  ...postgres,
  ...s3,
  ...kubernetes,
  ...route53,
]);
