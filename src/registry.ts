/** The step types dr ships: the only place in src/ that imports adapters. */
import { stepTypes as builtin } from '../adapters/builtin/index.js';
import { stepTypes as postgres } from '../adapters/postgres/index.js';
import { createRegistry } from './contract/registry.js';

export const defaultRegistry = createRegistry([...builtin, ...postgres]);
