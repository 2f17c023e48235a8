import { Testing } from 'cdktf';
import { DatadogMonitor } from '../../constructs/monitors/monitor';
import { finishStacks, SynthesizedSecretError } from '../../constructs/terraform/finish';
import { cpuSpec } from '../monitors/catalog/helpers';
import { datadogStack } from '../support/datadog-stack';

const KEY = '0123456789abcdef0123456789abcdef';

describe('literal credentials in a synthesized stack', () => {
  it('fail synth naming the stack, the resource and the attribute, never the key', () => {
    const stack = datadogStack(undefined, 'payments-prod');
    new DatadogMonitor(stack, 'cpu', { ...cpuSpec('a', 'api'), message: `Call the API with dd-api-key=${KEY} @slack-a-alerts` });
    finishStacks(stack);
    let error: unknown;
    try {
      Testing.synth(stack, true);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SynthesizedSecretError);
    const message = (error as Error).message;
    expect(message).toMatch(/^stack payments-prod: resource\.datadog_monitor\.cpu_\w+\.message: this value holds what looks like a Datadog API key; credentials never go into Terraform JSON/);
    expect(message).not.toContain(KEY);
  });

  it('no false positive on what stacks hold: references, UUIDs, sha256 digests', () => {
    const stack = datadogStack();
    new DatadogMonitor(stack, 'cpu', {
      ...cpuSpec('a', 'api'),
      message: 'Image sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904e5a6ae8e3b1c9c3c2f1e0d9a, trace 1b4c7e2a-9f3d-4c1a-8e6b-2d5f0a9c3b7e @slack-a-alerts',
    });
    finishStacks(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});
