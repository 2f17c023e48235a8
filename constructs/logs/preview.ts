/**
 * What the latency pipeline makes of an nginx access log, before anything is deployed: each JSON line goes through
 * the same pipeline model the `datadog_logs_custom_pipeline` is rendered from (`applyLogPipeline`), and the service
 * time and queueing delay are summarized the way the log-based metrics and monitors will see them. Pure: the CLI reads
 * the file and prints.
 */
import { applyLogPipeline } from './pipeline';
import { NginxLatencyOptions, nginxLatencyPipeline, nginxLatencySettings } from './nginx-latency-model';
import { attributeAt } from '../monitors/query/logs-search';

export interface LatencyPercentiles {
  /** Seconds. */
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

export interface NginxLatencyPreview {
  /** Non-blank lines read. */
  readonly lines: number;
  /** Lines that are not a JSON object, by 1-based line number. */
  readonly problems: readonly { readonly line: number; readonly message: string }[];
  /** Lines with a queueing delay: proxied requests whose application reported its service time. */
  readonly measured: number;
  readonly serviceTime?: LatencyPercentiles;
  readonly queueingDelay?: LatencyPercentiles;
  /** Measured requests whose queueing delay is above the threshold (what `<prefix>.queued_requests` counts). */
  readonly queued: number;
  readonly queuedThresholdMilliseconds: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summary(values: number[]): LatencyPercentiles | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
}

export function previewNginxLatency(text: string, options: NginxLatencyOptions): NginxLatencyPreview {
  const model = nginxLatencyPipeline(options);
  const settings = nginxLatencySettings(options);
  const problems: { line: number; message: string }[] = [];
  const service: number[] = [];
  const queue: number[] = [];
  let lines = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    lines++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      problems.push({ line: index + 1, message: `not JSON (${e instanceof Error ? e.message : String(e)}); is this the log written with the houndstack log_format?` });
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push({ line: index + 1, message: 'not a JSON object' });
      return;
    }
    const out = applyLogPipeline(model, { attributes: parsed as Record<string, unknown> }).attributes;
    const q = attributeAt(out, settings.queueingDelayAttribute);
    const s = attributeAt(out, settings.serviceTimeAttribute);
    if (typeof s === 'number') service.push(s);
    if (typeof q === 'number') queue.push(q);
  });
  const threshold = settings.queuedThresholdMilliseconds;
  const serviceTime = summary(service);
  const queueingDelay = summary(queue);
  return {
    lines,
    problems,
    measured: queue.length,
    ...(serviceTime ? { serviceTime } : {}),
    ...(queueingDelay ? { queueingDelay } : {}),
    queued: queue.filter((v) => v > threshold / 1000).length,
    queuedThresholdMilliseconds: threshold,
  };
}
