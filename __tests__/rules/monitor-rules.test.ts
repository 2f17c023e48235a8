import { TerraformStack, Testing } from 'cdktf';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import { Construct, IConstruct } from 'constructs';
import { renderMonitor, MonitorSpec } from '../../constructs/monitors/model';
import { DatadogMonitor, DatadogMonitorProps } from '../../constructs/monitors/monitor';
import { buildMessage } from '../../constructs/monitors/message';
import { MonitorCatalog } from '../../constructs/monitors/catalog';
import { applyMonitorRules, suppressMonitorRule, suppressMonitorRules, evaluateMonitorRules, collectSubjects, MONITOR_RULES } from '../../constructs/rules';
import { datadogStack, synthErrors } from '../support/datadog-stack';

const pager = { team: 'web', chat: ['@slack-web'], pager: ['@pagerduty-web'] };
const runbook = 'https://runbooks.example.com/web';
/** A monitor that passes every rule. */
const common = {
  name: 'web cpu', metric: 'system.cpu.user', scope: ['env:prod', 'service:web'], groupBy: ['host'], tags: ['team:web', 'env:prod', 'service:web'],
  message: buildMessage({ title: 'CPU high on {{host.name}}', runbookUrl: runbook, notify: { policy: pager } }),
};
const good: DatadogMonitorProps = { ...common, kind: 'metric', comparator: '>', critical: 90 };

function warningsOf(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => `[${c.node.path}] ${m.data}`));
}

/** Synth a stack with one monitor `M` (plus extra setup) under the rules; errors and warnings. */
function check(props: DatadogMonitorProps, setup?: (m: DatadogMonitor) => void): { errors: string; warnings: string[] } {
  const app = Testing.app();
  const stack = datadogStack(app);
  const m = new DatadogMonitor(stack, 'M', props);
  setup?.(m);
  applyMonitorRules(app);
  const errors = synthErrors(stack);
  return { errors, warnings: warningsOf(stack) };
}

describe('monitor rules', () => {
  it('a monitor that follows every rule has no findings', () => {
    expect(check(good)).toEqual({ errors: '', warnings: [] });
  });

  it('HS-MON-1: a paging monitor without runbook and team tag is an error, one per missing item', () => {
    const { errors } = check({ ...good, tags: ['env:prod', 'service:web'], message: buildMessage({ notify: { policy: pager } }) });
    expect(errors).toContain('[test/M] HS-MON-1: pages @pagerduty-web but the message has no runbook link.');
    expect(errors).toContain('[test/M] HS-MON-1: pages @pagerduty-web but has no team:<name> tag.');
  });

  it('HS-MON-1: a monitor that only notifies chat needs neither', () => {
    expect(check({ ...good, tags: ['env:prod', 'service:web'], message: buildMessage({ notify: { policy: pager, page: false } }) }).errors).toBe('');
  });

  it('HS-MON-2: a monitor that notifies nobody on alert is an error', () => {
    const { errors } = check({ ...good, message: 'CPU high. {{#is_warning}}@slack-web{{/is_warning}}' });
    expect(errors).toContain('[test/M] HS-MON-2: no valid @-handle reaches the alert notification.');
  });

  it('HS-MON-3: the same name in two stacks of one app is an error on both', () => {
    const app = Testing.app();
    const a = datadogStack(app, 'a');
    const b = datadogStack(app, 'b');
    new DatadogMonitor(a, 'M', good);
    new DatadogMonitor(b, 'Other', good);
    applyMonitorRules(app);
    expect(synthErrors(a)).toContain('[a/M] HS-MON-3: name "web cpu" is also used by b/Other.');
    expect(synthErrors(b)).toContain('[b/Other] HS-MON-3: name "web cpu" is also used by a/M.');
  });

  it('HS-MON-3: the same name in stacks that go to different Datadog organisations is fine', () => {
    const app = Testing.app();
    const us = datadogStack(app, 'us');
    const gov = new TerraformStack(app, 'gov');
    new DatadogProvider(gov, 'datadog', { apiUrl: 'https://api.ddog-gov.com/' });
    new DatadogMonitor(us, 'M', good);
    new DatadogMonitor(gov, 'M', good);
    applyMonitorRules(app);
    expect([synthErrors(us), synthErrors(gov)]).toEqual(['', '']);
  });

  it('HS-MON-4: a paging anomaly monitor without a safety rail is an error; with one it passes', () => {
    const anomaly: DatadogMonitorProps = { ...common, kind: 'anomaly', algorithm: 'agile', name: 'web rps anomaly', metric: 'nginx.net.request_per_s', groupBy: [], message: buildMessage({ runbookUrl: runbook, notify: { policy: pager } }) };
    expect(check(anomaly).errors).toContain('[test/M] HS-MON-4: anomaly monitor pages @pagerduty-web without a safetyRail threshold monitor.');
    expect(check({ ...anomaly, safetyRail: { comparator: '>', critical: 5000 } }).errors).toBe('');
  });

  it('HS-MON-5: tags not key:value, and a scoped service missing from the tags, are warnings', () => {
    const { errors, warnings } = check({ ...good, tags: ['team:web', 'env:prod', 'critical'] });
    expect(errors).toBe('');
    expect(warnings).toEqual([
      expect.stringMatching(/^\[test\/M\] HS-MON-5: tag "critical" is not key:value\./),
      expect.stringMatching(/^\[test\/M\] HS-MON-5: the query is scoped to service:web but the tags do not include it\./),
    ]);
  });

  it('HS-MON-6: a message variable that is not a group-by key is a warning', () => {
    const { warnings } = check({ ...good, groupBy: [], message: buildMessage({ title: 'CPU high on {{host.name}}', runbookUrl: runbook, notify: { policy: pager, routeBy: { tag: 'team', routes: {} } } }) });
    expect(warnings).toEqual([
      expect.stringMatching(/^\[test\/M\] HS-MON-6: the message uses \{\{host\.name\}\} but the query groups by nothing\./),
      expect.stringMatching(/^\[test\/M\] HS-MON-6: the message uses \{\{team\.name\}\} but the query groups by nothing\./),
    ]);
  });

  it('a suppression with a reason silences the rule on the construct and its children', () => {
    const anomaly: DatadogMonitorProps = { ...common, kind: 'anomaly', algorithm: 'basic', metric: 'a.b', groupBy: [], message: buildMessage({ runbookUrl: runbook, notify: { policy: pager } }) };
    const app = Testing.app();
    const stack = datadogStack(app);
    new DatadogMonitor(stack, 'M', anomaly);
    suppressMonitorRule(stack, 'HS-MON-4', 'the rail is the Postgres pack threshold monitor');
    applyMonitorRules(app);
    expect(synthErrors(stack)).toBe('');
  });

  it('a suppression without a reason is an error, and does not suppress', () => {
    const { errors } = check({ ...good, message: 'nobody' }, (m) => suppressMonitorRules(m, [{ id: 'HS-MON-2', reason: ' ' }]));
    expect(errors).toContain('[test/M] HS-SUPPRESS: the suppression of HS-MON-2 has no reason.');
    expect(errors).toContain('[test/M] HS-MON-2:');
  });

  it('a suppression of an unknown rule is a warning', () => {
    const { warnings } = check(good, (m) => suppressMonitorRule(m, 'HS-NOPE', 'typo'));
    expect(warnings).toEqual([expect.stringContaining('[test/M] HS-SUPPRESS: suppression of unknown rule HS-NOPE')]);
  });

  it('findings are reported once even if the stack is synthesized twice', () => {
    const app = Testing.app();
    const stack = datadogStack(app);
    new DatadogMonitor(stack, 'M', { ...good, message: 'nobody' });
    applyMonitorRules(app);
    synthErrors(stack);
    expect(synthErrors(stack).match(/HS-MON-2/g)).toHaveLength(1);
  });

  it('evaluateMonitorRules is pure: the same findings without synth', () => {
    const stack = datadogStack();
    new DatadogMonitor(stack, 'M', { ...good, message: 'nobody' });
    const findings = evaluateMonitorRules(collectSubjects(stack));
    expect(findings.map((f) => [f.ruleId, f.level, f.path])).toEqual([['HS-MON-2', 'error', 'test/M']]);
  });

  it('every rule has an ID, a cause, an explanation and a level', () => {
    expect(MONITOR_RULES.map((r) => r.id)).toEqual(['HS-MON-1', 'HS-MON-2', 'HS-MON-3', 'HS-MON-4', 'HS-MON-5', 'HS-MON-6', 'HS-ONCALL-1']);
    for (const r of MONITOR_RULES) expect([r.cause.length > 10, r.explanation.length > 20, ['error', 'warning'].includes(r.level)]).toEqual([true, true, true]);
  });
});

describe('monitor rules on catalogs', () => {
  it('a construct listing monitor subjects (a catalog) is checked like DatadogMonitors, names included', () => {
    const app = Testing.app();
    const stack = datadogStack(app);
    new DatadogMonitor(stack, 'M', good);
    const catalog = new (class extends Construct {
      monitorRuleSubjects() {
        const { body, facts } = renderMonitor({ ...good, kind: 'metric', comparator: '>', critical: 90, message: 'nobody' } as MonitorSpec);
        return [{ path: `${this.node.path}/web-cpu`, construct: this, body, facts }];
      }
    })(stack, 'Catalog');
    applyMonitorRules(app);
    const errors = synthErrors(stack);
    expect(errors).toContain(`[test/Catalog] web-cpu: HS-MON-2: no valid @-handle reaches the alert notification.`);
    expect(errors).toContain(`[test/M] HS-MON-3: name "web cpu" is also used by ${catalog.node.path}/web-cpu.`);
  });
});

describe('monitor rules at scale', () => {
  it('HS-MON-3 over 2,000 catalog monitors of one name: each finding names five others and counts the rest', () => {
    const app = Testing.app();
    const stack = datadogStack(app);
    const spec = { ...good, kind: 'metric', comparator: '>', critical: 90 } as MonitorSpec;
    new MonitorCatalog(stack, 'monitors', { monitors: Array.from({ length: 2000 }, (_, i) => ({ key: `m-${i}`, spec })) });
    const findings = evaluateMonitorRules(collectSubjects(app)).filter((f) => f.ruleId === 'HS-MON-3');
    expect(findings).toHaveLength(2000);
    const first = findings.find((f) => f.path === 'test/monitors/m-0')!;
    expect(first.message).toContain('name "web cpu" is also used by test/monitors/m-1, test/monitors/m-2, test/monitors/m-3, test/monitors/m-4, test/monitors/m-5 and 1994 more.');
    const last = findings.find((f) => f.path === 'test/monitors/m-1999')!;
    expect(last.message).toContain('is also used by test/monitors/m-0, test/monitors/m-1, test/monitors/m-2, test/monitors/m-3, test/monitors/m-4 and 1994 more.');
  });
});

describe('monitor rules on provider Monitors made by other constructs', () => {
  function withForeign(includeProviderMonitors: boolean) {
    const app = Testing.app();
    const stack = datadogStack(app);
    new Monitor(stack, 'Raw', {
      name: 'raw', type: 'query alert', message: '{{host.name}} {{#is_alert}}@pagerduty-web{{/is_alert}}{{#is_alert_recovery}}@pagerduty-web{{/is_alert_recovery}}',
      query: 'avg(last_5m):avg:system.cpu.user{env:prod} > 90',
    });
    new DatadogMonitor(stack, 'M', good);
    applyMonitorRules(app, { includeProviderMonitors });
    return { errors: synthErrors(stack), warnings: warningsOf(stack) };
  }

  it('are checked with includeProviderMonitors, read from their inputs', () => {
    const { errors, warnings } = withForeign(true);
    expect(errors).toContain('[test/Raw] HS-MON-1: pages @pagerduty-web but the message has no runbook link.');
    expect(errors).toContain('[test/Raw] HS-MON-1: pages @pagerduty-web but has no team:<name> tag.');
    expect(warnings).toEqual([
      expect.stringMatching(/^\[test\/Raw\] HS-MON-5: the query is scoped to env:prod but the tags do not include it\./),
      expect.stringMatching(/^\[test\/Raw\] HS-MON-6: the message uses \{\{host\.name\}\} but the query groups by nothing\./),
    ]);
  });

  it('are left alone by default, and DatadogMonitor resources are never checked twice', () => {
    expect(withForeign(false)).toEqual({ errors: '', warnings: [] });
  });
});
