import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { PostgresCheckFile } from '../../constructs/postgres-delivery/config-file/postgres-check-file';
import { awsStack, ordersCheck, synthError } from './delivery-fixtures';

describe('PostgresCheckFile (plain file for configuration management)', () => {
  it("writes the model's YAML next to the stack's cdk.tf.json at synth", () => {
    const stack = awsStack();
    const check = ordersCheck(stack);
    new PostgresCheckFile(stack, 'file', { check });
    const outdir = Testing.fullSynth(stack);
    const stackDir = path.join(outdir, 'stacks', 'test');
    expect(fs.readFileSync(path.join(stackDir, 'postgres', 'orders', 'conf.yaml'), 'utf8')).toBe(check.toYaml());
    expect(fs.existsSync(path.join(stackDir, 'cdk.tf.json'))).toBe(true);
  });

  it('adds nothing to the Terraform config', () => {
    const stack = awsStack();
    new PostgresCheckFile(stack, 'file', { check: ordersCheck(stack) });
    expect(JSON.parse(Testing.synth(stack, true))).not.toHaveProperty('resource');
  });

  it('refuses a check with values known only at apply time, and a path outside the output directory', () => {
    const stack = awsStack();
    const db = new DbInstance(stack, 'db', { instanceClass: 'db.t4g.micro', engine: 'postgres' });
    const check = ordersCheck(stack, { instances: [{ host: db.address, username: 'datadog' }] });
    new PostgresCheckFile(stack, 'file', { check, relativePath: '../conf.yaml' });
    const message = synthError(stack);
    expect(message).toContain('test/file: relativePath "../conf.yaml" is invalid');
    expect(message).toContain('test/file: the check holds references known only at apply time');
  });
});
