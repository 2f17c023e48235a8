export * from './resource-rule';
export * from './container-host';
export * from './container-host-imds-hop-limit';
export * from './container-host-imdsv1';
