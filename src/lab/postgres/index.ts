export * from './cluster.js';
export * from './pgbackrest.js';
export { makeOwnedDir, writeOwnedFile, pgConfValue } from './os-user.js';
export * from './primary.js';
