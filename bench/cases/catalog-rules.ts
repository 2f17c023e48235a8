import { App, TerraformStack } from 'cdktf';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { MonitorCatalog } from '../../constructs/monitors/catalog';
import { applyMonitorRules } from '../../constructs/rules/monitor-rules';
import { catalogEntries } from '../fixtures';

/** One MonitorCatalog, with the hygiene rules applied as main.ts does. */
export function run(n: number, outdir: string): void {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'monitors');
  new DatadogProvider(stack, 'datadog', {});
  new MonitorCatalog(stack, 'monitors', { monitors: catalogEntries(n) });
  applyMonitorRules(app);
  app.synth();
}
