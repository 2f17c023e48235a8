// Using houndstack's constructs in a stack of your own (the README quotes this file).
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { DatadogAwsIntegration, datadogApiUrl } from '../constructs';

export class ObservabilityStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1', allowedAccountIds: ['444455556666'] });
    // DD_API_KEY and DD_APP_KEY come from the environment.
    new DatadogProvider(this, 'datadog', { apiUrl: datadogApiUrl('datadoghq.eu') });

    const integration = new DatadogAwsIntegration(this, 'datadog_integration', {
      accountId: '444455556666',
      site: 'datadoghq.eu',
      resourceCollection: true,
      regions: ['eu-west-1', 'eu-central-1'],
      accountTags: ['team:data'],
    });
    // Everything the construct creates is exposed, e.g. to tag the role or read its ARN.
    integration.role?.addOverride('tags.owner', 'team-data');
  }
}

if (require.main === module) {
  const app = new App();
  new ObservabilityStack(app, 'observability');
  app.synth();
}
