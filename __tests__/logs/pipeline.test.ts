import { applyLogPipeline, formula, nginxLatencyPipeline, nginxLatencyProblems, nginxLogFormat, printArithmetic, renderLogProcessor } from '../../constructs/logs';

const { attr, divide, minus, num, times } = formula;

/** A JSON line as nginx writes it with the generated format, for one proxied request (values from the real-nginx run). */
function line(upstream: Record<string, unknown>, requestTime = 0.131) {
  return {
    service: 'checkout',
    http: { method: 'GET', status_code: 200, url: '/orders' },
    nginx: { request_time: requestTime, upstream: { connect_time: '0.000', ...upstream } },
  };
}

const pipeline = nginxLatencyPipeline({ service: 'checkout', env: 'prod' });
const web = (l: object, p = pipeline) => (applyLogPipeline(p, { attributes: l as Record<string, unknown> }).attributes as { web?: Record<string, number> }).web;

describe('the latency pipeline applied to nginx log lines', () => {
  it('queueing delay = upstream response time − service time, in seconds; duration in nanoseconds', () => {
    const out = applyLogPipeline(pipeline, { attributes: line({ response_time: '0.130', header: { x_runtime: '0.030112' } }) });
    expect(out.attributes).toEqual(expect.objectContaining({
      duration: 131_000_000,
      web: { service_time: 0.030112, queueing_delay: 0.099888 },
    }));
  });

  it('several upstreams tried: the last one, whose headers the log carries, is the one measured', () => {
    expect(web(line({ response_time: '0.000, 0.130', header: { x_runtime: '0.030000' } }))).toEqual({ service_time: 0.03, queueing_delay: 0.1 });
  });

  it('an internal redirect between upstream groups (" : ") also takes the last value', () => {
    expect(web(line({ response_time: '0.002 : 0.050', header: { x_runtime: '0.020000' } }))).toEqual({ service_time: 0.02, queueing_delay: 0.03 });
  });

  it('no upstream (nginx answered itself: empty, or "-"): no queueing delay rather than a wrong one', () => {
    expect(web(line({ response_time: '', header: { x_runtime: '' } }))).toBeUndefined();
    expect(web(line({ response_time: '-', header: { x_runtime: '' } }))).toBeUndefined();
  });

  it('an application that sends no service-time header gets no queueing delay (not the whole response time)', () => {
    expect(web(line({ response_time: '0.130', header: { x_runtime: '' } }))).toBeUndefined();
  });

  it('a header in milliseconds is converted to seconds', () => {
    const ms = nginxLatencyPipeline({ service: 'checkout', env: 'prod', serviceTimeHeader: 'X-Service-Time-Ms', serviceTimeUnit: 'milliseconds' });
    const l = { ...line({ response_time: '0.130', header: { x_service_time_ms: '30' } }) };
    expect(web(l, ms)).toEqual({ service_time: 0.03, queueing_delay: 0.1 });
  });

  it("the application's own queue-time header wins when present, the subtraction stays the fallback", () => {
    const q = nginxLatencyPipeline({ service: 'checkout', env: 'prod', queueTimeHeader: 'X-Queue-Time', queueTimeUnit: 'milliseconds' });
    expect(web(line({ response_time: '0.130', header: { x_runtime: '0.030', x_queue_time: '97' } }), q)).toEqual({ service_time: 0.03, queueing_delay: 0.097 });
    expect(web(line({ response_time: '0.130', header: { x_runtime: '0.030', x_queue_time: '' } }), q)).toEqual({ service_time: 0.03, queueing_delay: 0.1 });
  });

  it('status class and status from the status code', () => {
    const out = applyLogPipeline(pipeline, { attributes: { ...line({ response_time: '0.1', header: { x_runtime: '0.1' } }), http: { status_code: 503 } } });
    expect(out.attributes.http).toEqual({ status_code: 503, status_class: '5xx', status_category: 'error' });
    expect(out.status).toBe('error');
  });
});

describe('formulas', () => {
  it("print in Datadog's notation: paths without @, spaces around -, the parentheses precedence needs", () => {
    expect(printArithmetic(minus(attr('end-time'), attr('start-time')))).toBe('end-time - start-time');
    expect(printArithmetic(times(minus(attr('end'), attr('start')), num(1000)))).toBe('(end - start) * 1000');
    expect(printArithmetic(minus(attr('a'), minus(attr('b'), attr('c'))))).toBe('a - (b - c)');
    expect(printArithmetic(divide(attr('heap.memory_before'), num(1000)))).toBe('heap.memory_before / 1000');
  });
});

describe('the nginx log format', () => {
  const format = nginxLogFormat({ service: 'checkout', env: 'prod' });

  it('is JSON with escape=json, numbers bare and upstream values quoted', () => {
    expect(format.logFormat).toMatch(/^log_format datadog_checkout escape=json '\{.*\}';$/);
    const template = format.logFormat.slice(format.logFormat.indexOf("'") + 1, -2);
    // Filling every variable with a number or a string that nginx could write gives valid JSON.
    const filled = template.replace(/"\$[a-z_0-9]+( \$[a-z_0-9]+)*"/g, '"x"').replace(/\$[a-z_0-9]+/g, '1');
    expect(JSON.parse(filled)).toEqual(expect.objectContaining({ http: expect.objectContaining({ status_code: 1, request_id: 'x' }) }));
  });

  it("follows Datadog's standard attribute names for the HTTP fields", () => {
    expect(format.fields).toEqual(expect.objectContaining({
      'network.client.ip': '$remote_addr',
      'http.method': '$request_method',
      'http.status_code': '$status',
      'http.url': '$request_uri',
      'http.useragent': '$http_user_agent',
      'http.referer': '$http_referer',
      'http.request_id': '$request_id',
      'nginx.upstream.response_time': '$upstream_response_time',
      'nginx.upstream.connect_time': '$upstream_connect_time',
      'nginx.upstream.header.x_runtime': '$upstream_http_x_runtime',
    }));
  });

  it('stamps the request for the application: X-Request-Start and X-Request-ID', () => {
    expect(format.proxyHeaders).toBe('proxy_set_header X-Request-Start "t=${msec}";\nproxy_set_header X-Request-ID $request_id;');
  });
});

describe('bad options, each naming its field', () => {
  it('a reserved attribute, a metric name over 200 characters, a filter that does not parse', () => {
    expect(nginxLatencyProblems({
      service: 'checkout', env: 'prod', queueingDelayAttribute: 'service', metricPrefix: `web.${'a'.repeat(190)}`, filterQuery: 'source:nginx AND',
    })).toEqual([
      { field: 'queueingDelayAttribute', message: '"service" is an attribute Datadog reserves (host, source, status, service, trace_id, message); choose another, e.g. web.queueing_delay' },
      { field: 'metricPrefix', message: `metric "web.${'a'.repeat(190)}.request_time" is not a valid Datadog metric name: it has 207 characters; the limit is 200` },
      { field: 'filterQuery', message: 'col 14: \'AND\' needs a term on its right (got "source:nginx AND")' },
    ]);
  });

  it('header names, attribute paths that collide or are not paths', () => {
    expect(nginxLatencyProblems({
      service: 'checkout', env: 'prod', serviceTimeHeader: 'X Runtime', serviceTimeAttribute: 'http.status_code', queueingDelayAttribute: '@queue',
    }).map((p) => p.field)).toEqual(['serviceTimeHeader', 'serviceTimeAttribute', 'queueingDelayAttribute']);
  });
});

describe('a pipeline model of your own', () => {
  const model = {
    name: 'legacy app',
    filterQuery: 'source:legacy',
    processors: [
      { type: 'attribute-remapper' as const, name: 'elapsed to duration', sources: ['elapsed_ns'], target: 'duration', targetFormat: 'integer' as const },
      { type: 'status-remapper' as const, name: 'level', sources: ['level'] },
    ],
  };

  it('attribute and status remappers apply as Datadog documents them', () => {
    const out = applyLogPipeline(model, { attributes: { elapsed_ns: '1500000', level: 'warn' } });
    expect(out.attributes.duration).toBe(1500000);
    expect(out.status).toBe('warn');
  });

  it('render to the provider blocks', () => {
    expect(model.processors.map(renderLogProcessor)).toEqual([
      { attributeRemapper: { name: 'elapsed to duration', isEnabled: true, sources: ['elapsed_ns'], sourceType: 'attribute', target: 'duration', targetType: 'attribute', preserveSource: true, overrideOnConflict: false, targetFormat: 'integer' } },
      { statusRemapper: { name: 'level', isEnabled: true, sources: ['level'] } },
    ]);
  });
});
