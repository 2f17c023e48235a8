export type { PolicyStatement } from './iam';
export * from './secret/postgres-password-secret';
export * from './ssm-parameter/postgres-check-parameter';
export * from './ecs-labels/ecs-docker-labels';
export * from './kubernetes-annotations/kubernetes-annotations';
export * from './helm-values/helm-values';
export * from './config-file/postgres-check-file';
