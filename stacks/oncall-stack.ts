import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import type { PagerdutyProvider } from '@cdktf/provider-pagerduty/lib/provider';
import { OnCall } from '../constructs/oncall/on-call';
import { DatadogSite, datadogApiUrl } from '../constructs/aws-integration/sites';
import type { BackendConfig } from './accounts-file';
import { configureBackend } from './account-stack';
import { type OnCallConfig, onCallModel } from './oncall-schema';

export interface OnCallStackProps {
  readonly config: OnCallConfig;
  /** The Datadog organisation's site (the file's `datadog.site`). */
  readonly site: DatadogSite;
  /** @default - local state */
  readonly backend?: BackendConfig;
}

/**
 * The organisation's on-call: one stack (default name `oncall`, `cdktf deploy oncall`), apart from the account stacks
 * because teams and schedules belong to the Datadog organisation, not to an AWS account. The PagerDuty provider is
 * added only when a team is on PagerDuty; it reads PAGERDUTY_TOKEN from the environment of the deploy.
 */
export class OnCallStack extends TerraformStack {
  public readonly onCall: OnCall;
  public readonly datadogProvider: DatadogProvider;
  public readonly pagerDutyProvider?: PagerdutyProvider;

  constructor(scope: Construct, props: OnCallStackProps) {
    super(scope, props.config.stack);
    this.datadogProvider = new DatadogProvider(this, 'datadog', { apiUrl: datadogApiUrl(props.site) });
    if (Object.values(props.config.teams).some((t) => t.backend === 'pagerduty')) {
      // An optional peer: loaded only when a team is on PagerDuty.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { PagerdutyProvider: Provider } = require('@cdktf/provider-pagerduty/lib/provider') as typeof import('@cdktf/provider-pagerduty/lib/provider');
      this.pagerDutyProvider = new Provider(this, 'pagerduty', {});
    }
    configureBackend(this, props.config.stack, props.backend ?? { local: {} });
    this.onCall = new OnCall(this, 'oncall', onCallModel(props.config));
  }
}
