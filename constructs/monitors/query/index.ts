// Datadog monitor queries: parse (typed AST with spans), summarize, build.
export * from './ast';
export { parseMonitorQuery, parseCompositeExpression, metricNameProblem } from './parser';
export type { CompositeParseOptions, ParseOptions } from './parser';
export * from './vocabulary';
export * from './summary';
export * from './builder';
export { printQuery, printExpression } from './printer';
export { queryWarnings } from './warnings';
export type { QueryWarning } from './warnings';
export * from './logs-search';
