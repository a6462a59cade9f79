import type { Command } from '../command.js';

/** Every sub-command, in the order `dr --help` lists them. Loaded lazily so that start-up stays fast. */
export const commandLoaders: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./validate.js')).default,
  plan: async () => (await import('./plan.js')).default,
  graph: async () => (await import('./graph.js')).default,
  failover: async () => (await import('./failover.js')).default,
  failback: async () => (await import('./failback.js')).default,
  resume: async () => (await import('./resume.js')).default,
  approve: async () => (await import('./approve.js')).default,
  status: async () => (await import('./status.js')).default,
  runs: async () => (await import('./runs.js')).default,
  abort: async () => (await import('./abort.js')).default,
  unlock: async () => (await import('./unlock.js')).default,
  lab: async () => (await import('./lab.js')).default,
};
