import { Testing } from 'cdktf';
import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import { buildMonitorsApp } from '../../examples/monitors-stack';
import type { TerraformStack } from 'cdktf';

describe('examples/monitors-stack.ts (quoted in the README)', () => {
  const app = buildMonitorsApp(Testing.app());
  const stack = app.node.findChild('monitors') as TerraformStack;
  const synthesized = Testing.synth(stack, true);

  it('synthesizes with every create-time rule and hygiene rule satisfied, no warnings', () => {
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => `${c.node.path}: ${m.data}`));
    expect(warnings).toEqual([]);
  });

  it('the composite refers to its monitors by reference', () => {
    expect(synthesized).toHaveResourceWithProperties(Monitor, {
      name: 'checkout (prod): errors during a traffic anomaly',
      query: '${datadog_monitor.CheckoutErrors_44E090FD.id} && ${datadog_monitor.CheckoutTraffic_770B2F60.id}',
    });
  });

  it('matches the snapshot', () => {
    expect(synthesized).toMatchSnapshot();
  });
});
