export * from './catalog';
export * from './keys';
export * from './shard';
export * from './sizing';
