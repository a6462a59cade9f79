import type { Command } from '../command.js';

/** Every sub-command, in the order `dr --help` lists them. Loaded lazily so that start-up stays fast. */
export const commandLoaders: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./validate.js')).default,
  plan: async () => (await import('./plan.js')).default,
  graph: async () => (await import('./graph.js')).default,
  lab: async () => (await import('./lab.js')).default,
};
