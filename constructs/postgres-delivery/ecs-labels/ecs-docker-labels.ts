import { Token } from 'cdktf';
import { PostgresCheck } from '../../postgres-check';
import { validateForDelivery } from '../delivery-validation';

/** The Docker label the Agent (7.36+) reads Autodiscovery check configs from. */
export const AD_CHECKS_LABEL = 'com.datadoghq.ad.checks';

/**
 * ECS task-definition Docker labels for the check: `{ "com.datadoghq.ad.checks": <AD JSON> }`, to merge into the
 * `dockerLabels` of the container the check is about (for RDS: any container of a task on a host with the Agent,
 * usually the Agent's own). Template variables such as `%%host%%` resolve from that container.
 * Registers a validation on the check for ECS delivery.
 */
export function ecsDockerLabels(check: PostgresCheck): Record<string, string> {
  validateForDelivery(check, check, 'ecs');
  return { [AD_CHECKS_LABEL]: check.toAutodiscoveryJson() };
}

/**
 * Merges `labels` into the `dockerLabels` of the container named `containerName` in an `aws_ecs_task_definition`
 * `container_definitions` JSON string, and returns the new JSON. Existing labels are kept; the same key is replaced.
 * Throws if the JSON is an unresolved token (build it with `JSON.stringify` in the stack), is not a list, has no
 * container of that name, or grows above the 64 KiB ECS accepts for a task definition.
 */
export function withDockerLabels(containerDefinitions: string, containerName: string, labels: Record<string, string>): string {
  if (Token.isUnresolved(containerDefinitions) && !containerDefinitions.trim().startsWith('[')) {
    throw new Error('withDockerLabels: container definitions are an unresolved token; pass the JSON string built with JSON.stringify');
  }
  const parsed: unknown = JSON.parse(containerDefinitions);
  if (!Array.isArray(parsed)) throw new Error('withDockerLabels: container definitions must be a JSON list');
  const names = parsed.map((c) => (c as { name?: unknown }).name);
  if (!names.includes(containerName)) {
    throw new Error(`withDockerLabels: no container named ${JSON.stringify(containerName)}; containers: ${names.map((n) => JSON.stringify(n)).join(', ')}`);
  }
  const merged = parsed.map((c: Record<string, unknown>) =>
    c.name === containerName ? { ...c, dockerLabels: { ...((c.dockerLabels as Record<string, string>) ?? {}), ...labels } } : c,
  );
  const json = JSON.stringify(merged);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > ECS_TASK_DEFINITION_MAX_BYTES) {
    throw new Error(
      `withDockerLabels: the container definitions are ${bytes} bytes; ECS refuses task definitions above 64 KiB. ` +
        'Deliver a large check through SSM (PostgresCheckParameter) instead',
    );
  }
  return json;
}

/** RegisterTaskDefinition refuses requests above 64 KiB; the container definitions alone must stay below. */
const ECS_TASK_DEFINITION_MAX_BYTES = 64 * 1024;
