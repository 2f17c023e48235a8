// The public API of kennel: re-exports only, one line per construct folder.
export * from './aws-integration';
export * from './postgres-check';
