import { S3Backend, TerraformStack, Testing } from 'cdktf';
import { MonitorCatalog } from '../../constructs/monitors/catalog';
import { finishStacks } from '../../constructs/terraform/finish';
import { cpuSpec } from '../monitors/catalog/helpers';
import { datadogStack } from '../support/datadog-stack';

/** terraform.required_version of a stack's synthesized JSON, with validations and aspects run. */
const requiredVersion = (stack: TerraformStack): unknown => {
  finishStacks(stack);
  return (JSON.parse(Testing.synth(stack, true)) as { terraform: { required_version?: string } }).terraform.required_version;
};

describe('terraform.required_version, from what the synthesized stack uses', () => {
  it('the floor (cdktf 0.21 needs Terraform 1.2) for a stack with none of the versioned features', () => {
    expect(requiredVersion(datadogStack())).toBe('>= 1.2.0');
  });

  it('>= 1.5 with import blocks (a catalog that adopts a monitor)', () => {
    const stack = datadogStack();
    new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'cpu', spec: cpuSpec('a', 'api') }] }).adopt('cpu', '12345');
    expect(requiredVersion(stack)).toBe('>= 1.5.0');
  });

  it('>= 1.7 with removed blocks (a catalog that releases a monitor to another shard)', () => {
    const stack = datadogStack();
    new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'keep', spec: cpuSpec('a', 'keep') }] }).release('gone');
    expect(requiredVersion(stack)).toBe('>= 1.7.0');
  });

  it('>= 1.10 with S3 state locking by use_lockfile, whoever set it', () => {
    const stack = datadogStack();
    new S3Backend(stack, { bucket: 'state', key: 'k', region: 'us-east-1' }).addOverride('use_lockfile', true);
    expect(requiredVersion(stack)).toBe('>= 1.10.0');
  });

  it("a version the stack's own code set is kept", () => {
    const stack = datadogStack();
    stack.addOverride('terraform.required_version', '~> 1.9.0');
    expect(requiredVersion(stack)).toBe('~> 1.9.0');
  });
});
