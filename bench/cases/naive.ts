import { App, TerraformStack } from 'cdktf';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { DatadogMonitor } from '../../constructs/monitors/monitor';
import { monitorSpecs } from '../fixtures';

/** One DatadogMonitor (one provider `Monitor` object) per monitor, in one stack. */
export function run(n: number, outdir: string): void {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'monitors');
  new DatadogProvider(stack, 'datadog', {});
  monitorSpecs(n).forEach((spec, i) => new DatadogMonitor(stack, `m${i}`, spec));
  app.synth();
}
