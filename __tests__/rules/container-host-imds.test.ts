import { Aspects, Fn, Testing, TerraformStack } from 'cdktf';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { EcsCapacityProvider } from '@cdktf/provider-aws/lib/ecs-capacity-provider';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { Instance, InstanceConfig } from '@cdktf/provider-aws/lib/instance';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ContainerHostImdsHopLimit } from '../../constructs/rules/container-host-imds-hop-limit';
import { ContainerHostImdsV1 } from '../../constructs/rules/container-host-imdsv1';
import { ResourceRuleChecks, suppressResourceRules } from '../../constructs/rules/resource-rule';

type Finding = { path: string; level: string; message: string };

function findings(stack: TerraformStack): Finding[] {
  Testing.synth(stack, true);
  return stack.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type.startsWith('@cdktf/'))
      .map((m) => ({ path: c.node.path, level: m.type.replace('@cdktf/', ''), message: String(m.data) })),
  );
}

function stackWithRules(props: { assumeContainerHosts?: boolean } = {}): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  Aspects.of(stack).add(
    new ResourceRuleChecks({ rules: [new ContainerHostImdsHopLimit(props), new ContainerHostImdsV1(props)] }),
  );
  return stack;
}

const ecsUserData = '#!/bin/bash\necho ECS_CLUSTER=prod >> /etc/ecs/ecs.config\n';
const base: InstanceConfig = { ami: 'ami-12345678', instanceType: 't3.micro' };

describe('HS-IMDS-1: container host with IMDSv2 and hop limit below 2', () => {
  it('flags an instance whose ECS user data runs containers with hop limit 1', () => {
    const stack = stackWithRules();
    new Instance(stack, 'ecs-host', {
      ...base,
      userData: ecsUserData,
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
    });
    expect(findings(stack)).toEqual([
      expect.objectContaining({
        path: 'test/ecs-host',
        level: 'error',
        message: expect.stringMatching(/^\[HS-IMDS-1\] .*http_put_response_hop_limit is 1\./),
      }),
    ]);
  });

  it('flags an unset hop limit (AWS default 1) on a host tagged as running containers', () => {
    const stack = stackWithRules();
    new Instance(stack, 'tagged', {
      ...base,
      tags: { 'houndstack:runs-containers': 'true' },
      metadataOptions: { httpTokens: 'required' },
    });
    expect(findings(stack).map((f) => f.message)).toEqual([
      expect.stringContaining('http_put_response_hop_limit is unset (AWS default 1)'),
    ]);
  });

  it('flags a launch template whose base64-encoded user data starts docker', () => {
    const stack = stackWithRules();
    new LaunchTemplate(stack, 'lt', {
      userData: Fn.base64encode('#!/bin/bash\nsystemctl start docker\n'),
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
    });
    expect(findings(stack)).toEqual([expect.objectContaining({ path: 'test/lt', message: expect.stringContaining('[HS-IMDS-1]') })]);
  });

  it('flags a launch template whose user data is a base64 literal of an EKS bootstrap', () => {
    const stack = stackWithRules();
    new LaunchTemplate(stack, 'lt', {
      userData: Buffer.from('#!/bin/bash\n/etc/eks/bootstrap.sh prod\n').toString('base64'),
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
    });
    expect(findings(stack).map((f) => f.message)).toEqual([expect.stringContaining('[HS-IMDS-1]')]);
  });

  it('sees a hop limit lowered by addOverride', () => {
    const stack = stackWithRules();
    const i = new Instance(stack, 'i', {
      ...base,
      userData: ecsUserData,
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2 },
    });
    i.addOverride('metadata_options.http_put_response_hop_limit', 1);
    expect(findings(stack).map((f) => f.message)).toEqual([expect.stringContaining('http_put_response_hop_limit is 1')]);
  });

  it('does not flag a container host with hop limit 2', () => {
    const stack = stackWithRules();
    new Instance(stack, 'ok', {
      ...base,
      userData: ecsUserData,
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2 },
    });
    expect(findings(stack)).toEqual([]);
  });

  it('does not flag a host that runs no containers', () => {
    const stack = stackWithRules();
    new Instance(stack, 'plain', {
      ...base,
      userData: '#!/bin/bash\nyum install -y nginx\n',
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
    });
    expect(findings(stack)).toEqual([]);
  });

  it('lets the tag houndstack:runs-containers = "false" opt out even when user data mentions docker', () => {
    const stack = stackWithRules({ assumeContainerHosts: true });
    new Instance(stack, 'builder', {
      ...base,
      userData: 'docker build .',
      tags: { 'houndstack:runs-containers': 'false' },
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
    });
    expect(findings(stack)).toEqual([]);
  });

  it('treats every instance as a container host with assumeContainerHosts', () => {
    const stack = stackWithRules({ assumeContainerHosts: true });
    new Instance(stack, 'any', { ...base, metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 } });
    expect(findings(stack).map((f) => f.message)).toEqual([expect.stringContaining('[HS-IMDS-1]')]);
  });

  it('does not flag a disabled metadata endpoint', () => {
    const stack = stackWithRules({ assumeContainerHosts: true });
    new Instance(stack, 'off', {
      ...base,
      metadataOptions: { httpEndpoint: 'disabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
    });
    expect(findings(stack)).toEqual([]);
  });
});

describe('HS-IMDS-2: container host that allows IMDSv1', () => {
  it('flags http_tokens = "optional"', () => {
    const stack = stackWithRules();
    new Instance(stack, 'v1', {
      ...base,
      userData: ecsUserData,
      metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 2 },
    });
    expect(findings(stack)).toEqual([
      expect.objectContaining({
        path: 'test/v1',
        level: 'error',
        message: expect.stringMatching(/^\[HS-IMDS-2\] .*http_tokens is "optional"\./),
      }),
    ]);
  });

  it('flags unset metadata options on a container host', () => {
    const stack = stackWithRules();
    new LaunchTemplate(stack, 'lt', { userData: Fn.base64encode('containerd &') });
    expect(findings(stack).map((f) => f.message)).toEqual([expect.stringContaining('[HS-IMDS-2] ')]);
  });

  it('leaves an instance without metadata options that is launched from a template to the template', () => {
    const stack = stackWithRules({ assumeContainerHosts: true });
    new Instance(stack, 'from-lt', { launchTemplate: { name: 'ecs-hosts' } });
    expect(findings(stack)).toEqual([]);
  });

  it('does not flag a host that runs no containers with IMDSv1', () => {
    const stack = stackWithRules();
    new Instance(stack, 'legacy', { ...base, metadataOptions: { httpTokens: 'optional' } });
    expect(findings(stack)).toEqual([]);
  });
});

describe('rule levels and suppressions', () => {
  it('reports a suppressed finding as info with its reason', () => {
    const stack = stackWithRules();
    const i = new Instance(stack, 'v1', { ...base, userData: ecsUserData, metadataOptions: { httpTokens: 'optional' } });
    suppressResourceRules(i, [{ id: 'HS-IMDS-2', reason: 'legacy fleet, migration tracked in OPS-123' }]);
    expect(findings(stack)).toEqual([
      {
        path: 'test/v1',
        level: 'info',
        message: '[HS-IMDS-2] suppressed (legacy fleet, migration tracked in OPS-123): metadata_options.http_tokens is "optional"',
      },
    ]);
  });

  it('applies a suppression on a scope to the constructs below it', () => {
    const stack = stackWithRules();
    new Instance(stack, 'v1', { ...base, userData: ecsUserData, metadataOptions: { httpTokens: 'optional' } });
    suppressResourceRules(stack, [{ id: 'HS-IMDS-2', reason: 'sandbox account, no credentials of value' }]);
    expect(findings(stack).map((f) => f.level)).toEqual(['info']);
  });

  it('honours a suppression written by the monitor rules API (same storage), and ignores one without a reason', () => {
    const stack = stackWithRules();
    const a = new Instance(stack, 'a', { ...base, userData: ecsUserData, metadataOptions: { httpTokens: 'optional' } });
    const b = new Instance(stack, 'b', { ...base, userData: ecsUserData, metadataOptions: { httpTokens: 'optional' } });
    const storage = Symbol.for('houndstack.ruleSuppressions');
    (a as unknown as Record<symbol, unknown>)[storage] = [{ id: 'HS-IMDS-2', reason: 'suppressed through suppressMonitorRules' }];
    (b as unknown as Record<symbol, unknown>)[storage] = [{ id: 'HS-IMDS-2', reason: '' }];
    expect(findings(stack).map((f) => `${f.path} ${f.level}`)).toEqual(['test/a info', 'test/b error']);
  });

  it('refuses a suppression without a reason', () => {
    const stack = stackWithRules();
    expect(() => suppressResourceRules(stack, [{ id: 'HS-IMDS-2', reason: ' ok ' }])).toThrow(
      'test: suppression of HS-IMDS-2 needs a reason of at least 10 characters, got " ok "',
    );
  });

  it('lets the caller change a rule level', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    Aspects.of(stack).add(new ResourceRuleChecks({ rules: [new ContainerHostImdsV1()], levels: { 'HS-IMDS-2': 'warning' } }));
    new Instance(stack, 'v1', { ...base, userData: ecsUserData, metadataOptions: { httpTokens: 'optional' } });
    expect(findings(stack).map((f) => f.level)).toEqual(['warn']);
  });

  it('fails the synth of a stack with an error finding', () => {
    const stack = stackWithRules();
    new Instance(stack, 'v1', { ...base, userData: ecsUserData, metadataOptions: { httpTokens: 'optional' } });
    expect(() => Testing.fullSynth(stack)).toThrow(/\[test\/v1\] \[HS-IMDS-2\]/);
  });
});

describe('container hosts known from what uses the launch template', () => {
  it('flags a launch template without user data that an EKS managed node group uses', () => {
    const stack = stackWithRules();
    const lt = new LaunchTemplate(stack, 'eks-nodes', { metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 } });
    new EksNodeGroup(stack, 'ng', {
      clusterName: 'prod',
      nodeRoleArn: 'arn:aws:iam::123456789012:role/eks-nodes',
      subnetIds: ['subnet-1'],
      scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 2 },
      launchTemplate: { id: lt.id, version: lt.latestVersion.toString() },
    });
    expect(findings(stack)).toEqual([expect.objectContaining({ path: 'test/eks-nodes', message: expect.stringContaining('[HS-IMDS-1]') })]);
  });

  it('flags a launch template of an autoscaling group that an ECS capacity provider uses', () => {
    const stack = stackWithRules();
    const lt = new LaunchTemplate(stack, 'ecs-nodes', { metadataOptions: { httpTokens: 'optional' } });
    const asg = new AutoscalingGroup(stack, 'asg', { minSize: 1, maxSize: 2, launchTemplate: { id: lt.id } });
    new EcsCapacityProvider(stack, 'cp', { name: 'ecs-nodes', autoScalingGroupProvider: { autoScalingGroupArn: asg.arn } });
    expect(findings(stack)).toEqual([expect.objectContaining({ path: 'test/ecs-nodes', message: expect.stringContaining('[HS-IMDS-2]') })]);
  });

  it('does not flag a launch template of an autoscaling group no container service uses', () => {
    const stack = stackWithRules();
    const lt = new LaunchTemplate(stack, 'web', { metadataOptions: { httpTokens: 'optional' } });
    new AutoscalingGroup(stack, 'asg', { minSize: 1, maxSize: 2, launchTemplate: { id: lt.id } });
    expect(findings(stack)).toEqual([]);
  });
});
