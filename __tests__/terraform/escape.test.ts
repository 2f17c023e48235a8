import { TerraformVariable, Testing } from 'cdktf';
import { DatadogMonitor } from '../../constructs/monitors/monitor';
import { MonitorCatalog } from '../../constructs/monitors/catalog';
import { DatadogLatencySlo } from '../../constructs/monitors/slo';
import { escapeTerraformTemplate } from '../../constructs/terraform/escape';
import { customQuery } from '../../constructs/postgres-check';
import { PostgresCheckParameter } from '../../constructs/postgres-delivery/ssm-parameter/postgres-check-parameter';
import { cpuSpec } from '../monitors/catalog/helpers';
import { awsStack, ordersCheck } from '../postgres-check/delivery-fixtures';
import { datadogStack } from '../support/datadog-stack';

/*
 * Terraform reads every JSON string as a template (`${…}` interpolation, `%{…}` directive): the library escapes the
 * literal text it writes. The runbook line is the issue's: `kubectl logs -l app=${APP}`.
 */
const NAME = '[a] CPU high on ${APP} %{if x}';
const MESSAGE = 'CPU is high. Runbook: kubectl logs -l app=${APP} | grep %{level} @slack-a-alerts';

/** The raw synthesized JSON (Testing.synth keeps the strings as written). */
const synth = (stack: ReturnType<typeof datadogStack>) =>
  JSON.parse(Testing.synth(stack, true)) as { resource: Record<string, Record<string, Record<string, unknown>>> };

describe('escaping literal text for Terraform', () => {
  it('DatadogMonitor: name and message with ${ and %{ are written $${ and %%{', () => {
    const stack = datadogStack();
    const monitor = new DatadogMonitor(stack, 'cpu', { ...cpuSpec('a', 'api'), name: NAME, message: MESSAGE });
    const [resource] = Object.values(synth(stack).resource.datadog_monitor!);
    expect(resource!.name).toBe('[a] CPU high on $${APP} %%{if x}');
    expect(resource!.message).toBe('CPU is high. Runbook: kubectl logs -l app=$${APP} | grep %%{level} @slack-a-alerts');
    // What Datadog gets (the body the rules and previews read) is the text as written.
    expect(monitor.body.name).toBe(NAME);
  });

  it("DatadogMonitor: cdktf tokens in the text stay references", () => {
    const stack = datadogStack();
    const owner = new TerraformVariable(stack, 'owner', { type: 'string' });
    new DatadogMonitor(stack, 'cpu', { ...cpuSpec('a', 'api'), message: `Owner ${owner.stringValue}; run app=\${APP} @slack-a-alerts` });
    const [resource] = Object.values(synth(stack).resource.datadog_monitor!);
    expect(resource!.message).toBe('Owner ${var.owner}; run app=$${APP} @slack-a-alerts');
  });

  it("the catalog's spliced JSON: name and message escaped the same way", () => {
    const stack = datadogStack();
    new MonitorCatalog(stack, 'monitors', { monitors: [{ key: 'cpu', spec: { ...cpuSpec('a', 'api'), name: NAME, message: MESSAGE } }] });
    const monitors = synth(stack).resource.datadog_monitor!;
    expect(monitors['monitors_cpu']).toMatchObject({
      name: '[a] CPU high on $${APP} %%{if x}',
      message: 'CPU is high. Runbook: kubectl logs -l app=$${APP} | grep %%{level} @slack-a-alerts',
    });
  });

  it('a latency SLO: name and description', () => {
    const stack = datadogStack();
    new DatadogLatencySlo(stack, 'slo', {
      name: 'checkout ${ENV}: p95 at most 0.5 s',
      description: 'See %{runbook}',
      metricQuery: 'p95:trace.nginx.request{env:prod,service:checkout-nginx}',
      thresholdSeconds: 0.5,
      target: 99.5,
    });
    const [slo] = Object.values(synth(stack).resource.datadog_service_level_objective!);
    expect(slo).toMatchObject({ name: 'checkout $${ENV}: p95 at most 0.5 s', description: 'See %%{runbook}' });
  });

  it("the Postgres check's YAML in SSM: SQL text with ${ is stored as written", () => {
    const stack = awsStack();
    const query = customQuery({
      name: 'templates',
      metricPrefix: 'app.templates',
      query: "SELECT count(*) FROM templates WHERE body LIKE '%${%' OR body LIKE '%\\%{%'",
      columns: [{ name: 'count', type: 'gauge' }],
    });
    const check = ordersCheck(stack, { instances: [{ host: 'db', username: 'datadog', customQueries: [query] }] });
    new PostgresCheckParameter(stack, 'conf', { check });
    const [parameter] = Object.values((JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, { insecure_value: string }>> }).resource.aws_ssm_parameter!);
    expect(check.toYaml()).toContain("LIKE '%${%'");
    expect(parameter!.insecure_value).toBe(check.toYaml().replace('${', () => '$${').replace('%{', () => '%%{'));
  });

  it('text that is already escaped for Terraform stays literal: $${ is written $$${', () => {
    expect(escapeTerraformTemplate('echo $${HOME} 100%%{x}')).toBe('echo $$${HOME} 100%%%{x}');
    expect(escapeTerraformTemplate('no template here: {{host.name}} $5 50%')).toBe('no template here: {{host.name}} $5 50%');
  });
});
