// The public API of houndstack: re-exports only, one line per construct folder.
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
export * from './monitors/import';
export * from './monitors/handles';
export * from './monitors/evaluate';
export * from './postgres-check';
export * from './postgres-delivery';
export * from './postgres-database';
export * from './postgres-monitors';
export * from './logs';
export * from './oncall';
export * from './rules/resource-rules';
// Names two modules export: the plain name stays the Postgres check's (as on main), the monitor model's is prefixed,
// and the query parser keeps its metricNameProblem (the Postgres check's is postgresMetricNameProblem).
export type { Problem } from './postgres-check';
export { formatProblem } from './postgres-check';
export type { Problem as MonitorProblem } from './monitors/model';
export { formatProblem as formatMonitorProblem } from './monitors/model';
export { metricNameProblem } from './monitors/query';
export { metricNameProblem as postgresMetricNameProblem } from './postgres-check';
export * from './terraform';
