export * from './datadog-aws-integration';
export * from './permissions';
export * from './sites';
export { validateIntegrationProps, type IntegrationProblem } from './validation';
