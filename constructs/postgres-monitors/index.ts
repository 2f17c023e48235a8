export * from './postgres-monitors';
