export * from './expressions.js';
export * from './inventory-schema.js';
export * from './issues.js';
export * from './load.js';
export * from './schema.js';
