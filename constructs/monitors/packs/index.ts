export * from './common';
export * from './aws-integration-health';
export * from './postgres-connections';
export * from './web-latency';
export * from './postgres-specs';
