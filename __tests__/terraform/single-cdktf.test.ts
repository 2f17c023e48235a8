/* eslint-disable @typescript-eslint/no-require-imports -- second module instances are loaded with require on purpose */
import { TerraformStack, Testing } from 'cdktf';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import type { IConstruct } from 'constructs';
import { DatadogAwsIntegration } from '../../constructs/aws-integration';
import { DatadogMonitor, DatadogMonitorProps } from '../../constructs/monitors/monitor';
import { buildMessage } from '../../constructs/monitors/message';
import { applyMonitorRules, collectSubjects, evaluateMonitorRules } from '../../constructs/rules';
import { ContainerHostImdsV1, ResourceRuleChecks } from '../../constructs/rules/resource-rules';
import { otherCdktfCopy } from '../../constructs/terraform';
import { synthErrors } from '../support/datadog-stack';

/**
 * The layout that switched the rules off: the app's cdktf and providers are one copy, houndstack's another (a `file:`
 * link resolves houndstack's own node_modules). jest.isolateModules loads the same files again as separate module
 * instances, which is what two copies are to Node. The packed-tarball and `file:` layouts with real npm installs are
 * in __tests__/consumer.test.ts.
 */
type Cdktf = typeof import('cdktf');
interface AppCopy {
  cdktf: Cdktf;
  DatadogProvider: typeof import('@cdktf/provider-datadog/lib/provider').DatadogProvider;
  LaunchTemplate: typeof import('@cdktf/provider-aws/lib/launch-template').LaunchTemplate;
  AwsProvider: typeof import('@cdktf/provider-aws/lib/provider').AwsProvider;
}
let app!: AppCopy;
let otherHoundstackMonitor!: typeof DatadogMonitor;

beforeAll(() => {
  jest.isolateModules(() => {
    app = {
      cdktf: require('cdktf'),
      DatadogProvider: require('@cdktf/provider-datadog/lib/provider').DatadogProvider,
      LaunchTemplate: require('@cdktf/provider-aws/lib/launch-template').LaunchTemplate,
      AwsProvider: require('@cdktf/provider-aws/lib/provider').AwsProvider,
    };
  });
  jest.isolateModules(() => {
    otherHoundstackMonitor = require('../../constructs/monitors/monitor').DatadogMonitor;
  });
});

const pager = { team: 'web', chat: ['@slack-web'], pager: ['@pagerduty-web'] };
/** Pages @pagerduty-web with no runbook link: HS-MON-1. */
const pagingWithoutRunbook: DatadogMonitorProps = {
  kind: 'metric', name: 'web cpu', metric: 'system.cpu.user', scope: ['env:prod', 'service:web'], groupBy: ['host'],
  tags: ['team:web', 'env:prod', 'service:web'], comparator: '>', critical: 90,
  message: buildMessage({ title: 'CPU high on {{host.name}}', notify: { policy: pager } }),
};
const dockerUserData = Buffer.from('#!/bin/bash\nsystemctl start docker\n').toString('base64');

function appStack(): TerraformStack {
  const stack = new app.cdktf.TerraformStack(app.cdktf.Testing.app(), 'consumer');
  new app.DatadogProvider(stack, 'datadog', {});
  return stack;
}

function errorsOf(stack: TerraformStack): string {
  try {
    app.cdktf.Testing.synth(stack, true);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

function annotations(scope: IConstruct, type: string): string[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === type).map((m) => `[${c.node.path}] ${m.data}`));
}

describe('an app whose cdktf is another copy than houndstack\'s', () => {
  it('really is another module instance', () => {
    expect(app.cdktf.TerraformStack).not.toBe(TerraformStack);
    expect(otherCdktfCopy(appStack())).toBeDefined();
    expect(otherCdktfCopy(new TerraformStack(Testing.app(), 'own'))).toBeUndefined();
  });

  it('fails synth with one message naming the second copy and the fix, and the monitor rules still fire', () => {
    const stack = appStack();
    new DatadogMonitor(stack, 'Paging', pagingWithoutRunbook);
    applyMonitorRules(stack.node.root);
    const errors = errorsOf(stack);
    const copyMessages = errors.split('\n').filter((l) => l.includes('two copies of cdktf'));
    expect(copyMessages).toHaveLength(1);
    expect(copyMessages[0]).toMatch(/^\s*\[consumer\] houndstack: two copies of cdktf are loaded: this stack is made with .+, houndstack uses \/.+node_modules\/cdktf\./);
    expect(copyMessages[0]).toContain('`npm ls cdktf`');
    expect(copyMessages[0]).toContain('npm install --install-links <path>');
    expect(errors).toContain('[consumer/Paging] HS-MON-1: pages @pagerduty-web but the message has no runbook link.');
  });

  it('fails synth with that message from a houndstack construct alone, without applyMonitorRules', () => {
    const stack = appStack();
    new DatadogAwsIntegration(stack, 'Integration', { accountId: '123456789012' });
    expect(errorsOf(stack)).toContain('[consumer] houndstack: two copies of cdktf are loaded');
  });

  it('runs the resource rules that the app adds through its own Aspects on the app\'s provider resources', () => {
    const stack = appStack();
    new app.AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    app.cdktf.Aspects.of(stack).add(new ResourceRuleChecks({ rules: [new ContainerHostImdsV1()] }));
    new app.LaunchTemplate(stack, 'workers', { userData: dockerUserData, metadataOptions: { httpTokens: 'optional' } });
    app.cdktf.Testing.synth(stack); // aspects only: the copy check is a validation
    expect(annotations(stack, '@cdktf/error')).toEqual([
      expect.stringMatching(/^\[consumer\/workers\] \[HS-IMDS-2\] A host that runs containers allows IMDSv1: metadata_options\.http_tokens is "optional"\./),
    ]);
    expect(errorsOf(stack)).toContain('[consumer] houndstack: two copies of cdktf are loaded');
  });
});

describe('an app with houndstack\'s own copy of cdktf', () => {
  it('synthesizes with no copy message', () => {
    const stack = new TerraformStack(Testing.app(), 'own');
    new DatadogProvider(stack, 'datadog', {});
    new DatadogMonitor(stack, 'Paging', { ...pagingWithoutRunbook, message: buildMessage({ title: 'CPU high', runbookUrl: 'https://runbooks.example.com/web', notify: { policy: pager } }) });
    applyMonitorRules(stack.node.root);
    expect(synthErrors(stack)).toBe('');
  });
});

describe('two copies of houndstack in one app', () => {
  it("recognise each other's DatadogMonitor by its Symbol.for brand", () => {
    const stack = new TerraformStack(Testing.app(), 'own');
    const theirs = new otherHoundstackMonitor(stack, 'Theirs', pagingWithoutRunbook);
    expect(theirs).not.toBeInstanceOf(DatadogMonitor);
    expect(DatadogMonitor.isDatadogMonitor(theirs)).toBe(true);
    expect(evaluateMonitorRules(collectSubjects(stack)).map((f) => `${f.path} ${f.ruleId}`)).toEqual(['own/Theirs HS-MON-1']);
  });
});
