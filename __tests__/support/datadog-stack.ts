import { App, TerraformStack, Testing } from 'cdktf';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';

/** A test stack with the Datadog provider configured, as stacks/ would build it. */
export function datadogStack(app: App = Testing.app(), id = 'test'): TerraformStack {
  const stack = new TerraformStack(app, id);
  new DatadogProvider(stack, 'datadog', {});
  return stack;
}

/** Synthesized JSON of a stack, with validations run; parsed. */
export function synthJson(stack: TerraformStack): { resource: Record<string, Record<string, Record<string, unknown>>> } {
  return JSON.parse(Testing.synth(stack, true));
}

/** The one datadog_monitor resource whose name is `name`. */
export function monitorNamed(stack: TerraformStack, name: string): Record<string, unknown> {
  const monitors = Object.values(synthJson(stack).resource.datadog_monitor ?? {});
  const found = monitors.filter((m) => m.name === name);
  if (found.length !== 1) throw new Error(`expected one monitor named ${name}, found ${found.length}`);
  return found[0];
}

/** The validation error text of a stack, or '' when it synthesizes. */
export function synthErrors(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}
