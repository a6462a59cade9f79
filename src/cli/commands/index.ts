import type { Command } from '../command.js';

/** Every sub-command, in the order `dr --help` lists them. Loaded lazily so that start-up stays fast. */
export const commandLoaders: Record<string, () => Promise<Command>> = {};
