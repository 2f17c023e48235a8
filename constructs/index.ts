// The public API of kennel: re-exports only, one line per construct folder.
export * from './monitors/query';
