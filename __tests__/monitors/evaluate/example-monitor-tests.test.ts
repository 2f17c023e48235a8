import { join } from 'node:path';
import { Testing } from 'cdktf';
import type { TerraformStack } from 'cdktf';
import { buildApp } from '../../../main';
import { buildCheckoutOrdersApp } from '../../../examples/checkout-orders';
import { buildMonitorsApp } from '../../../examples/monitors-stack';
import { defineMonitorTests } from '../../../stacks/monitor-tests';

// The example test files, run inside the test suite by the jest helper against the example apps' monitors: each
// test of a file is a jest test of its own, failing with the lines `houndstack monitors test` prints.
const root = join(__dirname, '..', '..', '..');
defineMonitorTests([join(root, 'examples/monitor-tests/payments-prod.yaml')], { app: buildApp(join(root, 'examples/accounts.yaml')) });
defineMonitorTests([join(root, 'examples/monitor-tests/checkout-orders.yaml')], { app: buildCheckoutOrdersApp(Testing.app()) });
// A composite of the app's own monitor objects: its operands are evaluated as the app defines them.
defineMonitorTests([join(root, 'examples/monitor-tests/checkout.yaml')], { app: buildMonitorsApp(Testing.app()) });

describe('examples/checkout-orders.ts', () => {
  it('synthesizes with every create-time rule and hygiene rule satisfied, no warnings', () => {
    const app = buildCheckoutOrdersApp(Testing.app());
    const stack = app.node.findChild('checkout-orders') as TerraformStack;
    const json = JSON.parse(Testing.synth(stack, true)) as { resource: { datadog_monitor: Record<string, { name: string }> } };
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => `${c.node.path}: ${m.data}`));
    expect(warnings).toEqual([]);
    expect(Object.values(json.resource.datadog_monitor).map((m) => m.name).sort()).toEqual(['checkout (prod): orders anomaly', 'checkout (prod): orders anomaly (safety rail)']);
  });
});
