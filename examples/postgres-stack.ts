// Postgres custom metrics in a stack of your own: the check, its password, two deliveries, the Agent's database role,
// the seed's monitors and the IMDS rule for container hosts (the README quotes this file).
import { App, Aspects, Fn, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { PostgresqlProvider } from '@cdktf/provider-postgresql/lib/provider';
import {
  connectionStates,
  ContainerHostImdsHopLimit,
  ContainerHostImdsV1,
  customQuery,
  datadogApiUrl,
  ecsDockerLabels,
  helmClusterCheckValues,
  idleInTransactionAge,
  PostgresAgentRole,
  PostgresCheck,
  PostgresCheckParameter,
  PostgresMonitors,
  PostgresPasswordSecret,
  ResourceRuleChecks,
  withDockerLabels,
} from '../constructs';

const ENDPOINT = 'orders.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';

export class OrdersDatabaseStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1', allowedAccountIds: ['444455556666'] });
    new DatadogProvider(this, 'datadog', { apiUrl: datadogApiUrl('datadoghq.eu') });

    // The password lives in Secrets Manager; the Agent (7.70+, secret_backend_type: aws.secrets) reads it with the
    // role it runs as, which this grants.
    const password = new PostgresPasswordSecret(this, 'datadog-password', {
      secretArn: 'arn:aws:secretsmanager:eu-west-1:444455556666:secret:orders/datadog-Zx81Qp',
      key: 'password',
      roleName: 'orders-ecs-task',
    });

    const check = new PostgresCheck(this, 'orders', {
      instances: [
        {
          host: ENDPOINT,
          username: 'datadog',
          password: password.password,
          dbname: 'orders',
          ssl: 'require',
          aws: { instanceEndpoint: ENDPOINT, region: 'eu-west-1' },
          tags: ['service:orders-db', 'env:prod'],
          customQueries: [
            connectionStates(),
            idleInTransactionAge(),
            // Your own query: checked on the spot (columns against the SELECT list, names, types).
            customQuery({
              name: 'pending_orders',
              metricPrefix: 'orders.queue',
              query: "SELECT COALESCE(region, 'unknown'), COUNT(*) FROM orders WHERE status = 'pending' GROUP BY 1",
              columns: [
                { name: 'region', type: 'tag' },
                { name: 'pending', type: 'gauge' },
              ],
              collectionIntervalSeconds: 60,
            }),
          ],
        },
      ],
    });

    // Hosts: conf.yaml in SSM Parameter Store, readable by the hosts' role.
    new PostgresCheckParameter(this, 'orders-conf', { check, roleName: 'orders-hosts' });

    // ECS: the Autodiscovery label on the Agent container of the task.
    const containers = JSON.stringify([
      { name: 'datadog-agent', image: 'public.ecr.aws/datadog/agent:7', essential: true,
        environment: Object.entries(PostgresPasswordSecret.agentEnvironment('eu-west-1')).map(([name, value]) => ({ name, value })) },
    ]);
    new EcsTaskDefinition(this, 'agent-task', {
      family: 'datadog-agent',
      containerDefinitions: withDockerLabels(containers, 'datadog-agent', ecsDockerLabels(check)),
    });

    // Kubernetes: values for the datadog Helm chart, run once per cluster as a cluster check.
    new TerraformOutput(this, 'orders_helm_values', { value: helmClusterCheckValues(check).yaml });

    // The Agent's login role, for teams that manage Postgres with Terraform (password from a sensitive variable).
    const pgPassword = new TerraformVariable(this, 'datadog_db_password', { type: 'string', sensitive: true });
    new PostgresAgentRole(this, 'agent-role', {
      provider: new PostgresqlProvider(this, 'orders-db', { host: ENDPOINT, username: 'admin', sslmode: 'require' }),
      password: pgPassword.stringValue,
    });

    // The seed's alerts, routed: warnings to chat, alerts to the pager, a runbook on every page.
    // Tagged team:payments, and service:orders-db and env:prod from the scope, as the monitor rules want.
    new PostgresMonitors(this, 'orders-monitors', {
      team: 'payments',
      scopeTags: ['service:orders-db', 'env:prod'],
      runbookUrl: 'https://runbooks.example.com/orders-db',
      alertRecipients: ['@pagerduty-orders'],
      warningRecipients: ['@slack-orders-alerts'],
      idleConnections: { critical: 40, warning: 25 },
    });

    // Container hosts must let containers reach IMDSv2: hop limit 2, tokens required.
    new LaunchTemplate(this, 'ecs-hosts', {
      userData: Fn.base64encode('#!/bin/bash\necho ECS_CLUSTER=orders >> /etc/ecs/ecs.config\n'),
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2 },
    });
    Aspects.of(this).add(new ResourceRuleChecks({ rules: [new ContainerHostImdsHopLimit(), new ContainerHostImdsV1()] }));
  }
}

if (require.main === module) {
  const app = new App();
  new OrdersDatabaseStack(app, 'orders-db');
  app.synth();
}
