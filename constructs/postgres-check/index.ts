// The Datadog Agent's postgres check: typed model, render (YAML, autodiscovery JSON), validation, ready queries,
// the database-side SQL, and readers for existing Agent configs (used by `houndstack pg`).
export * from './types';
export * from './secret';
export * from './render';
export * from './validate';
export * from './sql-select';
export * from './names';
export * from './postgres-check';
export * from './queries';
export * from './database-sql';
export * from './agent-config';
