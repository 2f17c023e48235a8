// The public API of kennel: re-exports only, one line per construct folder.
export * from './aws-integration';
export * from './postgres-check';
export * from './postgres-delivery';
export * from './postgres-database';
export * from './postgres-monitors';
export * from './rules/resource-rules';
