import { CatalogEntry } from '../../../constructs/monitors/catalog';
import { MetricMonitorSpec } from '../../../constructs/monitors/model';

import { TerraformStack, Testing } from 'cdktf';

export { datadogStack, synthErrors, synthJson } from '../../support/datadog-stack';

/** Every top-level block of a stack's synthesized JSON that these tests read. */
export interface StackJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
  moved?: unknown[];
  import?: unknown[];
  removed?: unknown[];
}

/** Synthesized JSON of a stack, with validations run; parsed. */
export function stackJson(stack: TerraformStack): StackJson {
  return JSON.parse(Testing.synth(stack, true)) as StackJson;
}

/** The synthesized datadog_monitor resources by Terraform name (Testing.synth already drops cdktf's "//" metadata). */
export function monitorsOf(json: { resource?: Record<string, Record<string, Record<string, unknown>>> }): Record<string, Record<string, unknown>> {
  return json.resource?.datadog_monitor ?? {};
}

export function cpuSpec(team: string, service: string, extra: Partial<MetricMonitorSpec> = {}): MetricMonitorSpec {
  return {
    kind: 'metric',
    name: `[${team}] CPU high on ${service}`,
    message: `CPU is high on {{host.name}}. @slack-${team}-alerts`,
    metric: 'system.cpu.user',
    scope: [`service:${service}`, 'env:prod'],
    groupBy: ['host'],
    comparator: '>',
    critical: 90,
    warning: 80,
    tags: [`team:${team}`, `service:${service}`, 'env:prod'],
    priority: 3,
    ...extra,
  };
}

export function entries(count: number, teams = 5): CatalogEntry[] {
  return Array.from({ length: count }, (_, i) => ({ spec: cpuSpec(`team-${i % teams}`, `svc-${i}`) }));
}
