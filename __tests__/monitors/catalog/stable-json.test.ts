import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { MonitorCatalog } from '../../../constructs/monitors/catalog';
import { stableJson } from '../../../constructs/monitors/catalog/splice';
import { DatadogMonitor } from '../../../constructs/monitors/monitor';
import { finishStacks, SynthesizedSecretError } from '../../../constructs/terraform/finish';
import { cpuSpec, datadogStack, entries } from './helpers';

// cdktf's own serializer, the one it writes cdk.tf.json with: the reference for everything but the spliced bodies.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdktfStringify = require(require.resolve('json-stable-stringify', { paths: [require.resolve('cdktf')] })) as (value: unknown, options: { space: number }) => string;

function writtenBy(stack: TerraformStack): string {
  const outdir = Testing.fullSynth(stack);
  return readFileSync(join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8');
}

describe('how a stack with a catalog is written to cdk.tf.json', () => {
  it('holds the same JSON as cdktf\'s own synthesis of the stack, overrides and metadata included', () => {
    const stack = datadogStack();
    new DatadogMonitor(stack, 'single', cpuSpec('team-s', 'single'));
    new MonitorCatalog(stack, 'monitors', { monitors: [...entries(40), { key: 'odd/unicode', spec: { ...cpuSpec('team-u', 'unicode'), name: 'ünïcode "quoted" \\ back\u2028' } }] });
    stack.addOverride('resource.datadog_monitor.monitors_team-0-cpu-high-on-svc-0.tags', []);
    stack.addOverride('resource.datadog_monitor.monitors_team-0-cpu-high-on-svc-0.scheduling_options', {});
    const written = JSON.parse(writtenBy(stack)) as { resource: { datadog_monitor: Record<string, { tags?: unknown; '//'?: unknown }> } };
    expect(written).toEqual(JSON.parse(cdktfStringify(stack.toTerraform(), { space: 2 })));
    expect(written.resource.datadog_monitor['monitors_team-0-cpu-high-on-svc-0']!.tags).toEqual([]);
    expect(written.resource.datadog_monitor.monitors_odd_unicode!['//']).toEqual({ metadata: { path: 'test/monitors/odd/unicode', uniqueId: 'monitors_odd_unicode' } });
  });

  it('writes everything outside the spliced bodies byte for byte as cdktf does', () => {
    const stack = datadogStack();
    new DatadogMonitor(stack, 'single', cpuSpec('team-s', 'single'));
    new MonitorCatalog(stack, 'monitors'); // empty: the stack is written by the catalog's path, with nothing spliced
    stack.addOverride('resource.datadog_monitor.single_0275CCB1.restricted_roles', []);
    const text = writtenBy(stack);
    expect(text).toBe(cdktfStringify(stack.toTerraform(), { space: 2 }));
    expect(text).toContain('"restricted_roles": [\n        ]'); // json-stable-stringify's empty list, at its depth
  });

  it('is the same text whatever order the specs come in, resources sorted by address', () => {
    const all = entries(30);
    const a = datadogStack(undefined, 'same');
    new MonitorCatalog(a, 'monitors', { monitors: all });
    const b = datadogStack(undefined, 'same');
    new MonitorCatalog(b, 'monitors', { monitors: [...all].reverse() });
    const text = writtenBy(a);
    expect(writtenBy(b)).toBe(text);
    const names = Object.keys((JSON.parse(text) as { resource: { datadog_monitor: object } }).resource.datadog_monitor);
    expect(names).toEqual([...names].sort());
    expect(names).toHaveLength(30);
  });

  it('escapes literal ${ and %{ in the file it writes, and goes through wrappers added at synth (required_version)', () => {
    const app = Testing.app();
    const stack = datadogStack(app);
    new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'k8s', spec: { ...cpuSpec('team-k', 'pods'), message: 'Run kubectl logs -l app=${APP} %{x} @slack-team-k' } }] });
    finishStacks(app);
    app.synth();
    const written = JSON.parse(readFileSync(join(app.outdir, 'stacks', 'test', 'cdk.tf.json'), 'utf8')) as { terraform: { required_version: string }; resource: { datadog_monitor: Record<string, { message: string }> } };
    expect(written.resource.datadog_monitor.monitors_k8s!.message).toBe('Run kubectl logs -l app=$${APP} %%{x} @slack-team-k');
    expect(written.terraform.required_version).toMatch(/^>= 1\./);
  });

  it('writes no file for a stack that a synth-time check refuses (a literal credential in a monitor)', () => {
    const app = Testing.app();
    const stack = datadogStack(app);
    new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'leak', spec: { ...cpuSpec('team-l', 'leak'), message: 'key 0123456789abcdef0123456789abcdef @slack-team-l' } }] });
    finishStacks(app);
    expect(() => app.synth()).toThrow(SynthesizedSecretError);
    expect(existsSync(join(app.outdir, 'stacks', 'test', 'cdk.tf.json'))).toBe(false);
  });

  it('stableJson equals json-stable-stringify on values with empty containers, nesting, unicode and integer-like keys', () => {
    const values: unknown[] = [
      { b: 1, a: [], c: {}, d: [[], {}, [1, { z: null, y: 'x: []' }]], e: 'line\nbreak "q" {}', f: -0.5, g: true },
      [],
      {},
      { 10: 'ten', 9: 'nine', a: { 2: [], 1: {} } },
      { nested: { deeper: { deepest: [{}, [], '[]', '{}'] } }, undef: undefined, list: [undefined, 1] },
      'plain',
      42,
    ];
    for (const value of values) {
      for (const depth of [0, 3]) {
        const expected = cdktfStringify(value, { space: 2 }).replace(/\n/g, `\n${'  '.repeat(depth)}`);
        expect(stableJson(value, depth)).toBe(expected);
      }
    }
  });
});
