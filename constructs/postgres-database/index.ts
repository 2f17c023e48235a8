export * from './postgres-agent-role';
