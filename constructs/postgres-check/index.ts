export * from './types';
export * from './secret';
export * from './render';
export * from './validate';
export * from './sql-select';
export * from './names';
export * from './postgres-check';
export * from './queries';
