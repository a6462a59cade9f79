export * from './machine-config.js';
export * from './mermaid.js';
export * from './plan.js';
