import { Testing } from 'cdktf';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { parse } from 'yaml';
import { ecsDockerLabels, withDockerLabels } from '../../constructs/postgres-delivery/ecs-labels/ecs-docker-labels';
import { helmClusterCheckValues, helmConfdValues } from '../../constructs/postgres-delivery/helm-values/helm-values';
import { kubernetesPodAnnotations } from '../../constructs/postgres-delivery/kubernetes-annotations/kubernetes-annotations';
import { awsStack, only, ordersCheck, synthError } from './delivery-fixtures';

describe('ECS docker labels', () => {
  it('puts the autodiscovery JSON of the model in com.datadoghq.ad.checks', () => {
    const stack = awsStack();
    const check = ordersCheck(stack);
    const labels = ecsDockerLabels(check);
    expect(Object.keys(labels)).toEqual(['com.datadoghq.ad.checks']);
    expect(JSON.parse(labels['com.datadoghq.ad.checks']!)).toEqual({ postgres: check.renderConfig() });
  });

  it('merges the labels into a task definition container, keeping its other labels', () => {
    const stack = awsStack();
    const check = ordersCheck(stack);
    const containers = JSON.stringify([
      { name: 'app', image: 'app:1', essential: true, dockerLabels: { team: 'payments' } },
      { name: 'datadog-agent', image: 'public.ecr.aws/datadog/agent:7', essential: true },
    ]);
    new EcsTaskDefinition(stack, 'task', {
      family: 'orders',
      containerDefinitions: withDockerLabels(containers, 'app', ecsDockerLabels(check)),
    });
    const json = Testing.synth(stack, true);
    const defs = JSON.parse(only(json, 'aws_ecs_task_definition').container_definitions as string);
    expect(defs[0].dockerLabels.team).toBe('payments');
    expect(JSON.parse(defs[0].dockerLabels['com.datadoghq.ad.checks'])).toEqual({ postgres: check.renderConfig() });
    expect(defs[1]).not.toHaveProperty('dockerLabels');
  });

  it('names the containers when the target is missing', () => {
    expect(() => withDockerLabels('[{"name":"app"}]', 'db', {})).toThrow('withDockerLabels: no container named "db"; containers: "app"');
  });

  it('refuses container definitions above the 64 KiB ECS accepts', () => {
    const big = JSON.stringify([{ name: 'app', environment: [{ name: 'X', value: 'x'.repeat(64 * 1024) }] }]);
    expect(() => withDockerLabels(big, 'app', { a: 'b' })).toThrow('ECS refuses task definitions above 64 KiB');
  });

  it('lets %%host%% through: Autodiscovery resolves it from the container', () => {
    const stack = awsStack();
    const check = ordersCheck(stack, { instances: [{ host: '%%host%%', port: '%%port%%', username: 'datadog' }] });
    ecsDockerLabels(check);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe('Kubernetes pod annotations', () => {
  it('puts the autodiscovery JSON under ad.datadoghq.com/<container>.checks', () => {
    const stack = awsStack();
    const check = ordersCheck(stack);
    const annotations = kubernetesPodAnnotations(check, 'postgres');
    expect(Object.keys(annotations)).toEqual(['ad.datadoghq.com/postgres.checks']);
    expect(JSON.parse(annotations['ad.datadoghq.com/postgres.checks']!)).toEqual({ postgres: check.renderConfig() });
  });

  it('refuses a container name Kubernetes would refuse', () => {
    const stack = awsStack();
    expect(() => kubernetesPodAnnotations(ordersCheck(stack), 'Postgres_DB')).toThrow(
      'kubernetesPodAnnotations: container name "Postgres_DB" is invalid',
    );
  });
});

describe('Helm values', () => {
  it('renders datadog.confd["postgres.yaml"] as the model YAML, as an object and as YAML text', () => {
    const stack = awsStack();
    const check = ordersCheck(stack);
    const helm = helmConfdValues(check);
    expect(helm.values).toEqual({ datadog: { confd: { 'postgres.yaml': check.toYaml() } } });
    expect(parse(helm.yaml)).toEqual(helm.values);
    expect(parse((helm.values as { datadog: { confd: Record<string, string> } }).datadog.confd['postgres.yaml']!)).toEqual(
      check.renderConfig(),
    );
  });

  it('renders clusterAgent.confd with cluster_check: true at the top of the file, and turns dispatching on', () => {
    const stack = awsStack();
    const check = ordersCheck(stack);
    const helm = helmClusterCheckValues(check);
    const values = parse(helm.yaml);
    expect(values.datadog).toEqual({ clusterChecks: { enabled: true } });
    expect(values.clusterAgent.enabled).toBe(true);
    expect(parse(values.clusterAgent.confd['postgres.yaml'])).toEqual({ cluster_check: true, ...check.renderConfig() });
  });

  it('turns on the Secrets Manager backend for node and cluster agents when asked', () => {
    const stack = awsStack();
    const values = parse(helmClusterCheckValues(ordersCheck(stack), { secretsManagerRegion: 'eu-west-1' }).yaml);
    const env = [
      { name: 'DD_SECRET_BACKEND_TYPE', value: 'aws.secrets' },
      { name: 'DD_SECRET_BACKEND_CONFIG', value: '{"aws_session":{"aws_region":"eu-west-1"}}' },
    ];
    expect(values.datadog.env).toEqual(env);
    expect(values.clusterAgent.env).toEqual(env);
    expect(helmConfdValues(ordersCheck(awsStack()), { secretsManagerRegion: 'eu-west-1' }).values).toEqual(
      expect.objectContaining({ datadog: expect.objectContaining({ env }) }),
    );
  });

  it('refuses %%host%% in a cluster check and in a node confd file, once per delivery', () => {
    const stack = awsStack();
    const check = ordersCheck(stack, { instances: [{ host: '%%host%%', username: 'datadog' }] });
    helmClusterCheckValues(check);
    helmClusterCheckValues(check);
    helmConfdValues(check);
    const message = synthError(stack);
    expect(message.match(/delivered as cluster-check: instances\[0\]\.host: template variable %%host%% cannot be resolved/g)).toHaveLength(1);
    expect(message).toContain('test/orders: delivered as helm: instances[0].host: template variable %%host%% cannot be resolved with helm delivery');
  });
});
