export * from './errors.js';
export * from './step-type.js';
export * from './sleep.js';
export * from './redact.js';
export * from './duration.js';
export * from './registry.js';
export * from './planned.js';
