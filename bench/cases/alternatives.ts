/**
 * The mechanisms the catalog was chosen against, kept so that the choice can be re-measured
 * (`npm run bench -- --alternatives`). Measurement only: not a product path.
 */
import { App, Fn, TerraformElement, TerraformIterator, TerraformLocal, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import { renderMonitor } from '../../constructs/monitors/model';
import { catalogEntries } from '../fixtures';

function bodies(n: number): Array<[string, Record<string, unknown>]> {
  return catalogEntries(n).map((e) => [e.key!.replace(/[^A-Za-z0-9_-]/g, '_'), renderMonitor(e.spec).body as unknown as Record<string, unknown>]);
}

function stackIn(outdir: string): { app: App; stack: TerraformStack } {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'monitors');
  new DatadogProvider(stack, 'datadog', {});
  return { app, stack };
}

/** (b) One light TerraformResource per monitor whose synthesizeAttributes returns the rendered body. */
class LightMonitor extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly body: Record<string, unknown>) {
    super(scope, id, { terraformResourceType: 'datadog_monitor', terraformGeneratorMetadata: { providerName: 'datadog', providerVersion: '3.82.0' } });
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    return this.body;
  }
}

export function light(n: number, outdir: string): void {
  const { app, stack } = stackIn(outdir);
  for (const [name, body] of bodies(n)) new LightMonitor(stack, name, body);
  app.synth();
}

/**
 * (a) One provider Monitor with for_each over a local map of bodies; optional attributes through lookup(), nested
 * blocks through dynamic blocks. Plans show `datadog_monitor.catalog["team-1_m-1"]`.
 */
export function forEach(n: number, outdir: string): void {
  const { app, stack } = stackIn(outdir);
  const local = new TerraformLocal(stack, 'monitors', Object.fromEntries(bodies(n)));
  const each = TerraformIterator.fromMap(local.asAnyMap);
  const opt = (attr: string) => Fn.lookup(each.value, attr, null);
  const monitor = new Monitor(stack, 'catalog', {
    forEach: each,
    name: each.getString('name'),
    type: each.getString('type'),
    query: each.getString('query'),
    message: each.getString('message'),
    tags: Token.asList(opt('tags')),
    priority: Token.asString(opt('priority')),
    notifyNoData: opt('notify_no_data'),
    noDataTimeframe: Token.asNumber(opt('no_data_timeframe')),
    renotifyInterval: Token.asNumber(opt('renotify_interval')),
  });
  monitor.addOverride('dynamic.monitor_thresholds', {
    for_each: '${lookup(each.value, "monitor_thresholds", null) == null ? [] : [each.value.monitor_thresholds]}',
    content: Object.fromEntries(
      ['critical', 'critical_recovery', 'warning', 'warning_recovery', 'ok', 'unknown'].map((k) => [k, `\${lookup(monitor_thresholds.value, "${k}", null)}`]),
    ),
  });
  app.synth();
}

/** (c) One element writing every body, without the catalog's preparing-pass shortcut (three resolve passes). */
class AllBodies extends TerraformElement {
  constructor(scope: Construct, id: string, private readonly all: Array<[string, Record<string, unknown>]>) {
    super(scope, id);
  }
  public override toTerraform(): Record<string, unknown> {
    return { resource: { datadog_monitor: Object.fromEntries(this.all) } };
  }
}

export function element(n: number, outdir: string): void {
  const { app, stack } = stackIn(outdir);
  new AllBodies(stack, 'monitors', bodies(n));
  app.synth();
}

/** (c') Every body as a stack-level override (one resolve pass, but lands in the stack's `overrides` metadata). */
export function override(n: number, outdir: string): void {
  const { app, stack } = stackIn(outdir);
  for (const [name, body] of bodies(n)) stack.addOverride(`resource.datadog_monitor.${name}`, body);
  app.synth();
}

/** (d) Bodies added after cdktf's resolve, by wrapping the stack's toTerraform (zero resolve passes). */
export function patch(n: number, outdir: string): void {
  const { app, stack } = stackIn(outdir);
  const all = bodies(n);
  const inner = stack.toTerraform.bind(stack);
  stack.toTerraform = () => {
    const tf = inner();
    const resource = (tf.resource ??= {});
    const dm = (resource.datadog_monitor ??= {});
    for (const [name, body] of all) dm[name] = { ...body };
    return tf;
  };
  app.synth();
}
