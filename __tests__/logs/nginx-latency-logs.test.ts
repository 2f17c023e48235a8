import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Testing } from 'cdktf';
import { parse } from 'yaml';
import { LogsCustomPipeline } from '@cdktf/provider-datadog/lib/logs-custom-pipeline';
import { LogsMetric } from '@cdktf/provider-datadog/lib/logs-metric';
import { NginxLatencyLogs } from '../../constructs/logs';
import { datadogStack, synthErrors, synthJson } from '../support/datadog-stack';

describe('NginxLatencyLogs', () => {
  const stack = datadogStack();
  const logs = new NginxLatencyLogs(stack, 'Checkout', { service: 'checkout', env: 'prod' });

  it('a pipeline for the service\'s nginx logs whose queueing delay is upstream response time minus service time', () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LogsCustomPipeline, {
      name: 'nginx latency: checkout (prod)',
      filter: [{ query: 'source:nginx service:checkout env:prod' }],
    });
    const pipeline = Object.values(synthJson(stack).resource.datadog_logs_custom_pipeline)[0] as { processor: Record<string, Record<string, unknown>>[] };
    expect(pipeline.processor.map((p) => p.arithmetic_processor).filter(Boolean)).toEqual([
      { name: 'duration (ns) from nginx request_time (s)', is_enabled: true, target: 'duration', expression: 'nginx.request_time * 1000000000', is_replace_missing: false },
      { name: 'service time (s) from X-Runtime', is_enabled: true, target: 'web.service_time', expression: 'nginx.upstream.header.x_runtime * 1', is_replace_missing: false },
      { name: 'queueing delay (s) = upstream response time - service time', is_enabled: true, target: 'web.queueing_delay', expression: 'nginx.upstream.last_response_time - web.service_time', is_replace_missing: false },
    ]);
    expect(pipeline.processor[1].grok_parser).toEqual({
      name: 'last upstream response time',
      is_enabled: true,
      source: 'nginx.upstream.response_time',
      grok: {
        // Datadog's `%{…}` matchers, written `%%{…}` so that Terraform does not read them as template directives.
        match_rules: [
          'one_upstream %%{number:nginx.upstream.last_response_time}',
          'several_upstreams %%{data}, %%{number:nginx.upstream.last_response_time}',
          'internal_redirect %%{data} : %%{number:nginx.upstream.last_response_time}',
        ].join('\n'),
        support_rules: '',
      },
      samples: ['0.105', '0.002, 0.105', '0.003 : 0.105'],
    });
  });

  it('no string of the pipeline or the metrics holds an unescaped ${ or %{ (Terraform would read it as a template)', () => {
    const json = synthJson(stack).resource;
    const strings: string[] = [];
    const visit = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(visit);
    };
    visit([json.datadog_logs_custom_pipeline, json.datadog_logs_metric]);
    expect(strings.filter((t) => /(^|[^$])\$\{|(^|[^%])%\{/.test(t))).toEqual([]);
    expect(strings.some((t) => t.includes('%%{number:'))).toBe(true);
  });

  it('distributions in seconds with percentiles, by service and status class', () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LogsMetric, {
      name: 'web.checkout.prod.queueing_delay',
      compute: { aggregation_type: 'distribution', path: '@web.queueing_delay', include_percentiles: true },
      filter: { query: 'source:nginx service:checkout env:prod' },
      group_by: [{ path: 'service', tag_name: 'service' }, { path: '@http.status_class', tag_name: 'status_class' }],
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LogsMetric, {
      name: 'web.checkout.prod.service_time',
      compute: { aggregation_type: 'distribution', path: '@web.service_time', include_percentiles: true },
    });
  });

  it('counts of proxied requests and of those queued over the threshold', () => {
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LogsMetric, {
      name: 'web.checkout.prod.requests',
      compute: { aggregation_type: 'count' },
      filter: { query: 'source:nginx service:checkout env:prod @web.queueing_delay:*' },
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LogsMetric, {
      name: 'web.checkout.prod.queued_requests',
      filter: { query: 'source:nginx service:checkout env:prod @web.queueing_delay:>0.1' },
    });
    expect(logs.metricNames).toEqual({
      requestTime: 'web.checkout.prod.request_time',
      serviceTime: 'web.checkout.prod.service_time',
      queueingDelay: 'web.checkout.prod.queueing_delay',
      requests: 'web.checkout.prod.requests',
      queuedRequests: 'web.checkout.prod.queued_requests',
    });
  });

  it('the snippet as a Terraform output has ${msec} escaped, so Terraform keeps it literal', () => {
    const outputs = (synthJson(stack) as unknown as { output: Record<string, { value: string }> }).output;
    const value = Object.values(outputs)[0].value;
    expect(value).toContain('proxy_set_header X-Request-Start "t=$${msec}";');
    expect(value.replace(/\$\$\{/g, '${')).toBe(logs.format.snippet);
  });

  it('writes the nginx snippet and the Agent\'s log collection for it next to the stack at synth', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'houndstack-synth-'));
    try {
      const app = new App({ outdir });
      const s = datadogStack(app, 'shop');
      const l = new NginxLatencyLogs(s, 'Checkout', { service: 'checkout', env: 'prod' });
      app.synth();
      const written = fs.readFileSync(path.join(outdir, 'stacks', 'shop', 'nginx', 'checkout-prod.conf'), 'utf8');
      expect(written).toBe(l.format.snippet);
      expect(written).toContain('log_format datadog_checkout escape=json');
      expect(written).toContain('access_log /var/log/nginx/checkout.json.log datadog_checkout;');
      const agent = parse(fs.readFileSync(path.join(outdir, 'stacks', 'shop', 'nginx', 'checkout-prod.agent.yaml'), 'utf8'));
      expect(agent).toEqual({ logs: [{ type: 'file', path: '/var/log/nginx/checkout.json.log', source: 'nginx', service: 'checkout', tags: ['env:prod'] }] });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('NginxLatencyLogs bad input, at synth, naming the construct and the field', () => {
  it('every problem at once', () => {
    const stack = datadogStack();
    new NginxLatencyLogs(stack, 'Checkout', {
      service: 'checkout', env: 'prod',
      serviceTimeAttribute: 'message',
      metricPrefix: '1web',
      filterQuery: 'source:nginx service:(checkout',
      snippetPath: '../nginx.conf',
    });
    const errors = synthErrors(stack);
    expect(errors).toContain('test/Checkout: serviceTimeAttribute: "message" is an attribute Datadog reserves');
    expect(errors).toContain('test/Checkout: metricPrefix: metric "1web.request_time" is not a valid Datadog metric name: it must start with a letter');
    expect(errors).toContain("test/Checkout: filterQuery: col 22: '(' is never closed");
    expect(errors).toContain('test/Checkout: snippetPath: "../nginx.conf" is not inside the stack\'s output directory');
  });
});
