import { App, TerraformStack } from 'cdktf';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { MonitorCatalog } from '../../constructs/monitors/catalog';
import { DatadogMonitor } from '../../constructs/monitors/monitor';

/** The fixed cost every monitor case pays: Node, the loader, cdktf, the provider classes, one stack with no monitors. */
export function run(_n: number, outdir: string): void {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'monitors');
  new DatadogProvider(stack, 'datadog', {});
  new MonitorCatalog(stack, 'monitors');
  void DatadogMonitor;
  app.synth();
}
