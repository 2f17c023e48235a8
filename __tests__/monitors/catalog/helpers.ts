import { App, TerraformStack, Testing } from 'cdktf';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { CatalogEntry } from '../../../constructs/monitors/catalog';
import { MonitorSpec } from '../../../constructs/monitors/catalog/model';

export function stackWithProvider(id = 'test'): TerraformStack {
  const app = Testing.app();
  const stack = new TerraformStack(app, id);
  new DatadogProvider(stack, 'datadog', {});
  return stack;
}

export function synthJson(stack: TerraformStack): Record<string, any> {
  return JSON.parse(Testing.synth(stack, true));
}

/** The synthesized datadog_monitor resources, without cdktf's "//" addressing metadata. */
export function monitorsOf(json: Record<string, any>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, body] of Object.entries<Record<string, unknown>>(json.resource?.datadog_monitor ?? {})) {
    const { ['//']: _addressing, ...rest } = body;
    out[name] = rest;
  }
  return out;
}

export function cpuSpec(team: string, service: string, critical = 90, extra: Partial<MonitorSpec> = {}): MonitorSpec {
  return {
    name: `[${team}] CPU high on ${service}`,
    query: `avg(last_5m):avg:system.cpu.user{service:${service},env:prod} by {host} > ${critical}`,
    message: `CPU is high on {{host.name}}. @slack-${team}-alerts`,
    tags: [`team:${team}`, `service:${service}`, 'env:prod'],
    priority: 3,
    thresholds: { critical, warning: critical - 10 },
    ...extra,
  };
}

export function entries(count: number, teams = 5): CatalogEntry[] {
  return Array.from({ length: count }, (_, i) => ({ spec: cpuSpec(`team-${i % teams}`, `svc-${i}`) }));
}

export { App };
