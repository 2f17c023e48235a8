import { Testing } from 'cdktf';
import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import { DatadogMonitor } from '../../constructs/monitors/monitor';
import { datadogStack } from '../support/datadog-stack';

const base = { message: 'Notify @slack-ops' };

function synth(build: (stack: ReturnType<typeof datadogStack>) => void): string {
  const stack = datadogStack();
  build(stack);
  return Testing.synth(stack, true);
}

describe('monitor kinds', () => {
  it('metric threshold: query, type and thresholds', () => {
    const out = synth((s) => new DatadogMonitor(s, 'Cpu', {
      ...base, kind: 'metric', name: 'CPU high', metric: 'system.cpu.user', scope: ['env:prod', 'service:web'],
      groupBy: ['host'], windowMinutes: 10, comparator: '>', critical: 90, warning: 80, criticalRecovery: 85,
    }));
    expect(out).toHaveResourceWithProperties(Monitor, {
      name: 'CPU high',
      type: 'query alert',
      query: 'avg(last_10m):avg:system.cpu.user{env:prod,service:web} by {host} > 90',
      monitor_thresholds: { critical: '90', warning: '80', critical_recovery: '85' },
    });
  });

  it('metric threshold: series expression, sum over an hour, below comparator', () => {
    const out = synth((s) => new DatadogMonitor(s, 'Hits', {
      ...base, kind: 'metric', name: 'Too few hits', series: 'sum:web.hits{env:prod}.as_count() / 60',
      timeAggregation: 'sum', windowMinutes: 60, comparator: '<', critical: 10, warning: 20,
    }));
    expect(out).toHaveResourceWithProperties(Monitor, {
      query: 'sum(last_1h):sum:web.hits{env:prod}.as_count() / 60 < 10',
      monitor_thresholds: { critical: '10', warning: '20' },
    });
  });

  it('anomaly: arguments, fractions, trigger window equals alert window', () => {
    const out = synth((s) => new DatadogMonitor(s, 'Rps', {
      ...base, kind: 'anomaly', name: 'RPS anomaly', metric: 'nginx.net.request_per_s', scope: ['env:prod'],
      algorithm: 'agile', deviations: 3, direction: 'above', alertWindowMinutes: 30, intervalSeconds: 120,
      seasonality: 'daily', countDefaultZero: true, criticalRecovery: 0,
    }));
    expect(out).toHaveResourceWithProperties(Monitor, {
      query: "avg(last_4h):anomalies(avg:nginx.net.request_per_s{env:prod}, 'agile', 3, direction='above', alert_window='last_30m', interval=120, count_default_zero='true', seasonality='daily') >= 1",
      monitor_thresholds: { critical: '1', critical_recovery: '0' },
      monitor_threshold_windows: { trigger_window: 'last_30m', recovery_window: 'last_30m' },
    });
  });

  it('anomaly with a safety rail: a second, threshold monitor on the same series', () => {
    const out = synth((s) => new DatadogMonitor(s, 'Rps', {
      ...base, kind: 'anomaly', name: 'RPS anomaly', metric: 'nginx.net.request_per_s', scope: ['env:prod'],
      algorithm: 'basic', safetyRail: { comparator: '>', critical: 5000, windowMinutes: 5 },
    }));
    expect(out).toHaveResourceWithProperties(Monitor, {
      name: 'RPS anomaly (safety rail)',
      query: 'avg(last_5m):avg:nginx.net.request_per_s{env:prod} > 5000',
      monitor_thresholds: { critical: '5000' },
    });
  });

  it('forecast', () => {
    const out = synth((s) => new DatadogMonitor(s, 'Disk', {
      ...base, kind: 'forecast', name: 'Disk full within a week', metric: 'system.disk.in_use', groupBy: ['host', 'device'],
      algorithm: 'linear', intervalMinutes: 60, history: '1w', model: 'default', critical: 0.95,
    }));
    expect(out).toHaveResourceWithProperties(Monitor, {
      query: "max(next_1w):forecast(avg:system.disk.in_use{*} by {host,device}, 'linear', 1, interval='1h', history='1w', model='default') >= 0.95",
      monitor_thresholds: { critical: '0.95' },
    });
  });

  it('outlier', () => {
    const out = synth((s) => new DatadogMonitor(s, 'Lat', {
      ...base, kind: 'outlier', name: 'Host latency outlier', metric: 'app.latency', groupBy: ['host'], algorithm: 'dbscan', tolerance: 2,
    }));
    expect(out).toHaveResourceWithProperties(Monitor, {
      query: "avg(last_30m):outliers(avg:app.latency{*} by {host}, 'dbscan', 2) > 0",
      monitor_thresholds: { critical: '0' },
    });
  });

  it('change and pct_change', () => {
    const out = synth((s) => new DatadogMonitor(s, 'Drop', {
      ...base, kind: 'change', changeType: 'pct_change', name: 'Orders dropped', metric: 'shop.orders', scope: ['env:prod'],
      windowMinutes: 10, comparedToMinutesAgo: 1440, comparator: '<', critical: -50, warning: -30,
    }));
    expect(out).toHaveResourceWithProperties(Monitor, {
      query: 'pct_change(avg(last_10m),last_1d):avg:shop.orders{env:prod} < -50',
      monitor_thresholds: { critical: '-50', warning: '-30' },
    });
  });

  it('service check: over, exclude, by, last(N), ok threshold', () => {
    const out = synth((s) => new DatadogMonitor(s, 'Http', {
      ...base, kind: 'service-check', name: 'HTTP check', check: 'http.can_connect', over: ['env:prod'],
      exclude: ['canary:true'], groupBy: ['host', 'instance'], lastCount: 4, critical: 3, warning: 1, ok: 2,
    }));
    expect(out).toHaveResourceWithProperties(Monitor, {
      type: 'service check',
      query: '"http.can_connect".over("env:prod").exclude("canary:true").by("host","instance").last(4).count_by_status()',
      monitor_thresholds: { critical: '3', warning: '1', ok: '2' },
    });
  });

  it('log', () => {
    const out = synth((s) => new DatadogMonitor(s, 'Errors', {
      ...base, kind: 'log', name: 'Error logs', search: 'service:web status:error', groupBy: ['service', 'env'],
      windowMinutes: 10, critical: 100, warning: 50,
    }));
    expect(out).toHaveResourceWithProperties(Monitor, {
      type: 'log alert',
      query: 'logs("service:web status:error").index("*").rollup("count").by("service,env").last("10m") > 100',
      monitor_thresholds: { critical: '100', warning: '50' },
    });
  });

  it('event (event-v2 alert) with a cardinality rollup', () => {
    const out = synth((s) => new DatadogMonitor(s, 'Ev', {
      ...base, kind: 'event', name: 'Failed deploys', search: 'source:github status:error', rollup: 'cardinality', measure: 'repository',
      windowMinutes: 60, critical: 3,
    }));
    expect(out).toHaveResourceWithProperties(Monitor, {
      type: 'event-v2 alert',
      query: 'events("source:github status:error").rollup("cardinality", "repository").last("1h") > 3',
    });
  });

  it('APM latency percentile and error rate', () => {
    const out = synth((s) => {
      new DatadogMonitor(s, 'P99', { ...base, kind: 'apm', signal: 'latency', name: 'web p99', service: 'web', env: 'prod', percentile: 'p99', critical: 2, warning: 1 });
      new DatadogMonitor(s, 'Err', { ...base, kind: 'apm', signal: 'error-rate', name: 'web errors', service: 'web', env: 'prod', operation: 'rack.request', critical: 0.05 });
    });
    expect(out).toHaveResourceWithProperties(Monitor, {
      query: 'percentile(last_5m):p99:trace.http.request{env:prod,service:web} > 2',
      monitor_thresholds: { critical: '2', warning: '1' },
    });
    expect(out).toHaveResourceWithProperties(Monitor, {
      query: 'sum(last_5m):( sum:trace.rack.request.errors{env:prod,service:web}.as_count() / sum:trace.rack.request.hits{env:prod,service:web}.as_count() ) > 0.05',
    });
  });

  it('composite: built from monitor objects, IDs are references', () => {
    const out = synth((s) => {
      const a = new DatadogMonitor(s, 'A', { ...base, kind: 'metric', name: 'a', metric: 'a.b', comparator: '>', critical: 1 });
      const b = new DatadogMonitor(s, 'B', { ...base, kind: 'metric', name: 'b', metric: 'a.c', comparator: '>', critical: 1 });
      const c = new DatadogMonitor(s, 'C', { ...base, kind: 'metric', name: 'c', metric: 'a.d', comparator: '>', critical: 1 });
      new DatadogMonitor(s, 'Both', { ...base, kind: 'composite', name: 'a and (b or not c)', expression: { op: '&&', operands: [a, { op: '||', operands: [b, { op: '!', operand: c }] }] } });
    });
    expect(out).toHaveResourceWithProperties(Monitor, {
      type: 'composite',
      query: '${datadog_monitor.A_CCC8ACD5.id} && (${datadog_monitor.B_08E7C7AF.id} || !${datadog_monitor.C_375D67C5.id})',
    });
  });

  it('raw query: critical filled from the query', () => {
    const out = synth((s) => new DatadogMonitor(s, 'Raw', {
      ...base, kind: 'query', type: 'query alert', name: 'raw', query: 'max(last_15m):max:redis.mem.used{env:prod} by {host} >= 1e9', warning: 8e8,
    }));
    // Written as provider 3.82.0 reads thresholds back (Go's %v of a float64), so an adopted monitor plans no change.
    expect(out).toHaveResourceWithProperties(Monitor, { monitor_thresholds: { critical: '1e+09', warning: '8e+08' } });
  });

  it('raw anomaly query: threshold windows derived from its alert window', () => {
    const out = synth((s) => new DatadogMonitor(s, 'RawAnomaly', {
      ...base, kind: 'query', type: 'query alert', name: 'raw anomaly',
      query: "avg(last_4h):anomalies(avg:a.b{env:prod}, 'basic', 2, direction='both', alert_window='last_30m', interval=60) >= 0.5",
    }));
    expect(out).toHaveResourceWithProperties(Monitor, {
      monitor_thresholds: { critical: '0.5' },
      monitor_threshold_windows: { trigger_window: 'last_30m', recovery_window: 'last_30m' },
    });
  });

  it('common options map to their attributes', () => {
    const out = synth((s) => new DatadogMonitor(s, 'Opts', {
      ...base, kind: 'metric', name: 'opts', metric: 'a.b', comparator: '>', critical: 1, windowMinutes: 5,
      tags: ['team:core'], priority: 2, notifyNoData: true, renotifyIntervalMinutes: 60, renotifyOccurrences: 3,
      renotifyStatuses: ['alert'], escalationMessage: 'still broken', requireFullWindow: false, evaluationDelaySeconds: 900,
      newGroupDelaySeconds: 300, includeTags: false, timeoutHours: 24, notifyBy: ['host'],
    }));
    expect(out).toHaveResourceWithProperties(Monitor, {
      tags: ['team:core'], priority: '2', notify_no_data: true, no_data_timeframe: 10, renotify_interval: 60,
      renotify_occurrences: 3, renotify_statuses: ['alert'], escalation_message: 'still broken', require_full_window: false,
      evaluation_delay: 900, new_group_delay: 300, include_tags: false, timeout_h: 24, notify_by: ['host'],
    });
  });
});
