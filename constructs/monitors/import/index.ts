export * from './from-datadog';
export * from './catalog-file';
export * from './findings';
export * from './typescript';
export * from './import';
