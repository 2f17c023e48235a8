// The public API of kennel: re-exports only, one line per construct folder.
export * from './aws-integration';
export * from './monitors/query';
export * from './monitors/model';
export * from './monitors/monitor';
export * from './monitors/message';
export * from './monitors/routing';
export * from './rules';
export * from './monitors/inventory';
export * from './monitors/slo';
export * from './monitors/packs';
export * from './monitors/catalog';
