import { Testing } from 'cdktf';
import { DatadogMonitor } from '../../constructs/monitors/monitor';
import { MonitorCatalog } from '../../constructs/monitors/catalog';
import { formatThreshold, type MonitorSpec } from '../../constructs/monitors/model';
import { datadogStack, synthErrors } from '../support/datadog-stack';

/** Every datadog_monitor option of provider 3.82.0 beyond thresholds and notifications, as an imported monitor has them. */
const spec: MonitorSpec = {
  kind: 'query', type: 'log alert', name: 'errors', message: '@slack-ops', query: 'logs("status:error").index("*").rollup("count").last("5m") > 10',
  tags: ['team:ops'], restrictedRoles: ['7d8f3e9a-0000-4000-8000-000000000001'], newHostDelaySeconds: 0, notifyAudit: true,
  groupRetentionDuration: '2d', enableLogsSample: true, groupbySimpleMonitor: true, notificationPresetName: 'hide_query', draftStatus: 'draft',
  schedulingOptions: { evaluationWindow: { dayStarts: '04:00', monthStarts: 1 }, customSchedule: { rrule: 'FREQ=DAILY;INTERVAL=1', timezone: 'Europe/Paris' } },
  includeTags: false, requireFullWindow: false, ignoreChanges: ['new_host_delay'],
};

const attributes = {
  restricted_roles: ['7d8f3e9a-0000-4000-8000-000000000001'], new_host_delay: 0, notify_audit: true, group_retention_duration: '2d',
  enable_logs_sample: true, groupby_simple_monitor: true, notification_preset_name: 'hide_query', draft_status: 'draft',
  scheduling_options: { evaluation_window: { day_starts: '04:00', month_starts: 1 }, custom_schedule: { recurrence: { rrule: 'FREQ=DAILY;INTERVAL=1', timezone: 'Europe/Paris' } } },
  lifecycle: { ignore_changes: ['new_host_delay'] },
};

describe('the options of provider 3.82.0 beyond thresholds and notifications', () => {
  it('DatadogMonitor writes them through the provider class, the catalog as the same JSON', () => {
    const single = datadogStack();
    new DatadogMonitor(single, 'errors', spec);
    const one = Object.values(JSON.parse(Testing.synth(single, true)).resource.datadog_monitor)[0] as Record<string, unknown>;
    const many = datadogStack();
    new MonitorCatalog(many, 'c', { monitors: [{ key: 'errors', spec }] });
    const fromCatalog = JSON.parse(Testing.synth(many, true)).resource.datadog_monitor.c_errors as Record<string, unknown>;
    expect(one).toMatchObject(attributes);
    // Equal but for cdktf's `//` metadata (construct path and address).
    const withoutMetadata = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== '//'));
    expect(withoutMetadata(fromCatalog)).toEqual(withoutMetadata(one));
  });

  it('formula variables: event-platform queries as the provider nests them', () => {
    const stack = datadogStack();
    new MonitorCatalog(stack, 'c', {
      monitors: [{
        key: 'f',
        spec: {
          kind: 'query', type: 'rum alert', name: 'f', message: '@slack-ops', query: 'formula("query1").last("5m") > 5',
          variables: { eventQueries: [{ name: 'query1', dataSource: 'rum', search: '@type:error', indexes: ['*'], compute: { aggregation: 'count' }, groupBy: [{ facet: '@service', limit: 10, sort: { aggregation: 'count', order: 'desc' } }] }] },
        },
      }],
    });
    expect(JSON.parse(Testing.synth(stack, true)).resource.datadog_monitor.c_f.variables).toEqual({
      event_query: [{ name: 'query1', data_source: 'rum', search: { query: '@type:error' }, indexes: ['*'], compute: [{ aggregation: 'count' }], group_by: [{ facet: '@service', limit: 10, sort: { aggregation: 'count', order: 'desc' } }] }],
    });
  });

  it.each([
    ['enable_logs_sample on a metric monitor', { enableLogsSample: true }, "enableLogsSample: only log monitors take enable_logs_sample; the provider never sends it for 'query alert'"],
    ['on_missing_data with notify_no_data', { onMissingData: 'resolve', notifyNoData: true }, 'onMissingData: on_missing_data cannot be combined with notify_no_data or no_data_timeframe'],
    ['an unknown notification preset', { notificationPresetName: 'hide_everything' }, 'notificationPresetName: allowed: show_all, hide_query, hide_handles, hide_all'],
    ['ignore_changes of a non-argument', { ignoreChanges: ['new_host_dely'] }, 'ignoreChanges: not an argument of datadog_monitor'],
    ['hour_starts with day_starts', { schedulingOptions: { evaluationWindow: { hourStarts: 5, dayStarts: '04:00' } } }, 'schedulingOptions.evaluationWindow: hourStarts stands alone'],
  ])('refused at synth: %s', (_title, extra, expected) => {
    const stack = datadogStack();
    new DatadogMonitor(stack, 'Bad', { kind: 'metric', name: 'm', message: '@slack-ops', metric: 'a.b', comparator: '>', critical: 1, ...extra } as MonitorSpec);
    expect(synthErrors(stack)).toContain(`[test/Bad] ${expected}`);
  });

  it.each([
    [90, '90'], [0.5, '0.5'], [123456, '123456'], [1e6, '1e+06'], [1234567, '1.234567e+06'], [0.0001, '0.0001'], [0.00001, '1e-05'], [-2.5e7, '-2.5e+07'],
  ])('threshold %p is written %p, as the provider reads it back (Go %%v)', (n, text) => {
    expect(formatThreshold(n)).toBe(text);
  });
});
