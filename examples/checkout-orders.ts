// An anomaly monitor and its safety rail, tested and replayed before they page (README, "Testing monitors").
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { DatadogMonitor, NotificationPolicy, applyMonitorRules, buildMessage, withTeam } from '../constructs';

const checkout: NotificationPolicy = { team: 'checkout', chat: ['@slack-checkout'], pager: ['@pagerduty-checkout'], priority: 2 };

export class CheckoutOrdersStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new DatadogProvider(this, 'datadog', {});
    // Completed orders per minute: the anomaly monitor learns the daily shape; the safety rail pages on a floor
    // below the quietest night, whatever the algorithm has learned (Airbnb's lesson: compare which fired).
    new DatadogMonitor(this, 'CheckoutOrders', withTeam({
      kind: 'anomaly', name: 'checkout (prod): orders anomaly', metric: 'checkout.orders.completed', modifier: 'as_count',
      scope: ['env:prod', 'service:checkout'], spaceAggregation: 'sum', algorithm: 'agile', seasonality: 'daily',
      direction: 'below', alertWindowMinutes: 30,
      safetyRail: { comparator: '<', critical: 150, windowMinutes: 15 },
      tags: ['service:checkout', 'env:prod'],
      message: buildMessage({
        title: 'checkout completes fewer orders than expected',
        runbookUrl: 'https://runbooks.example.com/checkout/orders',
        notify: { policy: checkout },
      }),
    }, checkout));
  }
}

/** The app: the stack, with every monitor rule applied at synth. */
export function buildCheckoutOrdersApp(app: App = new App()): App {
  new CheckoutOrdersStack(app, 'checkout-orders');
  applyMonitorRules(app);
  return app;
}

if (require.main === module) buildCheckoutOrdersApp().synth();
