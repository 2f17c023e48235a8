import { Testing, type TerraformStack } from 'cdktf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOnCallApp } from '../../examples/oncall-stack';
import { DatadogMonitor } from '../../constructs/monitors/monitor';
import { RunbookDashboard, datadogAppUrl, runbookLink } from '../../constructs/oncall';
import { datadogStack } from '../support/datadog-stack';

type Json = { resource: Record<string, Record<string, Record<string, string>>> };

describe('RunbookDashboard (examples/oncall-stack.ts)', () => {
  const app = buildOnCallApp(Testing.app());
  const json = JSON.parse(Testing.synth(app.node.findChild('oncall') as TerraformStack, true)) as Json;
  const [[, resource]] = Object.entries(json.resource.datadog_dashboard_json!) as [[string, Record<string, string>]];
  const dashboard = JSON.parse(resource.dashboard!) as { title: string; description: string; layout_type: string; widgets: { definition: Record<string, unknown> }[] };
  const monitorId = `\${datadog_monitor.${Object.keys(json.resource.datadog_monitor!)[0]}.id}`;

  it('is titled after the monitor, ordered, and says where to edit it', () => {
    expect([dashboard.title, dashboard.layout_type, dashboard.description]).toEqual([
      'Runbook: login (prod): error rate',
      'ordered',
      'Runbook of monitor "login (prod): error rate", managed by houndstack: edit the steps in the repository, not here.',
    ]);
  });

  it('opens with the steps from the markdown file next to the spec', () => {
    expect(dashboard.widgets[0]!.definition).toEqual({
      type: 'note',
      content: readFileSync(join(__dirname, '..', '..', 'examples', 'runbooks', 'identity-login-errors.md'), 'utf8').trim(),
      background_color: 'white', font_size: '14', text_align: 'left', show_tick: false, has_padding: true,
    });
  });

  it('shows the monitor\'s alert graph, bound to its ID by reference', () => {
    expect(dashboard.widgets[1]!.definition).toEqual({ type: 'alert_graph', title: 'login (prod): error rate', alert_id: monitorId, viz_type: 'timeseries', time: { live_span: '4h' } });
  });

  it('graphs every metric of the query, scoped and grouped like it', () => {
    expect(dashboard.widgets.slice(2).map((w) => w.definition)).toEqual([
      { type: 'timeseries', title: 'identity.login.errors', time: { live_span: '4h' }, requests: [{ q: 'avg:identity.login.errors{env:prod,service:login} by {region}', display_type: 'line' }] },
      { type: 'timeseries', title: 'identity.login.attempts', time: { live_span: '4h' }, requests: [{ q: 'avg:identity.login.attempts{env:prod,service:login} by {region}', display_type: 'line' }] },
    ]);
  });

  it('is linked from the page: the message carries the search for its unique title', () => {
    const message = Object.values(json.resource.datadog_monitor!)[0]!.message!;
    expect(message).toContain('Runbook: https://app.datadoghq.com/dashboard/lists?q=Runbook%3A%20login%20(prod)%3A%20error%20rate\n');
  });
});

describe('RunbookDashboard details', () => {
  it('keeps ${ and %{ in the steps literal (Terraform would read them as templates)', () => {
    const stack = datadogStack();
    const monitor = new DatadogMonitor(stack, 'M', { kind: 'metric', name: 'cpu', metric: 'system.cpu.user', scope: ['env:prod'], comparator: '>', critical: 90, tags: ['team:web'], message: '@slack-web' });
    new RunbookDashboard(stack, 'R', { monitor, stepsMarkdown: 'Run `echo ${HOME}` and `%{ if x }`', liveSpan: '1h' });
    const json = JSON.parse(Testing.synth(stack, true)) as Json;
    const body = Object.values(json.resource.datadog_dashboard_json!)[0]!.dashboard!;
    expect(body).toContain('"content":"Run `echo $${HOME}` and `%%{ if x }`"');
    expect(body).toContain('"live_span":"1h"');
    expect(body).toContain('"q":"avg:system.cpu.user{env:prod}"');
  });

  it('links to the web app of the site', () => {
    expect([datadogAppUrl('datadoghq.com'), datadogAppUrl('datadoghq.eu'), datadogAppUrl('us5.datadoghq.com'), datadogAppUrl('ddog-gov.com')]).toEqual([
      'https://app.datadoghq.com', 'https://app.datadoghq.eu', 'https://us5.datadoghq.com', 'https://app.ddog-gov.com',
    ]);
    expect(runbookLink('db (prod): connections', 'datadoghq.eu')).toBe('https://app.datadoghq.eu/dashboard/lists?q=Runbook%3A%20db%20(prod)%3A%20connections');
  });
});
