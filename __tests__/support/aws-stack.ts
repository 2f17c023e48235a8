import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';

/** A stack with the AWS and Datadog providers a construct under test needs (cdktf refuses resources without them). */
export function awsDatadogStack(id = 'test'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AwsProvider(stack, 'aws_provider', { region: 'us-east-1' });
  new DatadogProvider(stack, 'datadog_provider', {});
  return stack;
}

/** Synthesizes with validations on (as `cdktf synth` does) and returns the stack's Terraform JSON, parsed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** The single resource of a type in synthesized JSON (fails if there is not exactly one). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function onlyResource(json: any, type: string): any {
  const resources = Object.values(json.resource?.[type] ?? {});
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return resources[0];
}

/** The validation error synth raises, as text. */
export function synthError(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected synth to fail validation, but it succeeded');
}

