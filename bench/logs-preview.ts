/*
 * `houndstack logs preview` at scale: the latency pipeline model applied to 100,000 nginx JSON log lines (what a busy
 * server writes in minutes). Baseline: JSON.parse of the same lines, the least any reader of the log must do, measured
 * in the same run. Each step runs RUNS times; medians are printed.
 *
 *   npx tsx bench/logs-preview.ts
 */
import { previewNginxLatency } from '../constructs/logs/preview';
import { medianMs } from './median';

const RUNS = 5;
const LINES = 100_000;

// The shape nginx 1.22 writes with the generated format (see __tests__/cli/logs.test.ts), with varying timings.
function line(i: number): string {
  const service = 0.05 + (i % 7) / 1000;
  const response = service + (i % 9) * 0.05;
  const upstream = i % 50 === 0 ? `0.001, ${response.toFixed(3)}` : response.toFixed(3);
  return JSON.stringify({
    date: '2026-12-01T16:23:36+00:00', message: `GET /orders/${i} 200`, service: 'checkout',
    network: { client: { ip: '10.0.0.1' }, bytes_read: 72, bytes_written: 294 },
    http: { method: 'GET', url: `/orders/${i}`, version: 'HTTP/1.1', status_code: i % 100 === 0 ? 503 : 200, referer: '', useragent: 'curl/8', request_id: i.toString(16).padStart(32, '0'), url_details: { host: 'shop', path: `/orders/${i}` } },
    nginx: { request_time: Number((response + 0.001).toFixed(3)), upstream: { addr: '10.0.0.2:8080', status: '200', connect_time: '0.000', header_time: response.toFixed(3), response_time: upstream, header: { x_runtime: service.toFixed(6) } } },
  });
}

const median = (fn: () => unknown): number => medianMs(fn, RUNS);

const text = Array.from({ length: LINES }, (_, i) => line(i)).join('\n');
const baseline = median(() => text.split('\n').map((l) => JSON.parse(l) as unknown));
let measured = 0;
const preview = median(() => {
  measured = previewNginxLatency(text, { service: 'checkout', env: 'prod' }).measured;
});
const rate = (ms: number) => `${Math.round(LINES / (ms / 1000)).toLocaleString('en-US')} lines/s`;
console.log(`${LINES.toLocaleString('en-US')} lines (${(text.length / 1e6).toFixed(1)} MB), ${measured.toLocaleString('en-US')} with a queueing delay`);
console.log(`JSON.parse only (baseline)  ${baseline.toFixed(0)} ms  ${rate(baseline)}`);
console.log(`logs preview (pipeline)     ${preview.toFixed(0)} ms  ${rate(preview)}  ${(preview / baseline).toFixed(1)}× the baseline`);
