import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { LogsCustomPipeline, LogsCustomPipelineProcessor } from '@cdktf/provider-datadog/lib/logs-custom-pipeline';
import { LogsMetric } from '@cdktf/provider-datadog/lib/logs-metric';
import {
  LogMetricModel, NginxLatencyOptions, NginxLogFormat, nginxLatencyMetrics, nginxLatencyPipeline, nginxLatencyProblems,
  nginxLatencySettings, nginxLogFormat,
} from './nginx-latency-model';
import { LogPipelineModel, LogProcessor, printArithmetic, printGrokRule } from './pipeline';
import { escapeTerraformStrings, escapeTerraformTemplate } from '../terraform/escape';
import { stackRelativePathProblem, writeFilesAtSynth } from '../terraform/synth-files';

export interface NginxLatencyLogsProps extends NginxLatencyOptions {
  /**
   * Where the nginx snippet is written at synth, inside the stack's output directory.
   * @default `nginx/<service>-<env>.conf`
   */
  readonly snippetPath?: string;
  /** Also expose the snippet as a Terraform output, for tools that read `terraform output`. @default true */
  readonly snippetOutput?: boolean;
  /** Tags of the pipeline. @default - none */
  readonly tags?: readonly string[];
}

/**
 * Service time and queueing delay of an nginx-fronted application from nginx's JSON access logs, without APM:
 * - `format`: the nginx `log_format`, `access_log` and `proxy_set_header` lines (strings), also written at synth to
 *   `cdktf.out/stacks/<stack>/<snippetPath>` (like `PostgresCheckFile`) and, by default, a Terraform output; and the
 *   Agent's log collection for the file, written beside it as `<name>.agent.yaml`;
 * - `pipeline`: a `datadog_logs_custom_pipeline` that derives `duration`, the service time and the queueing delay;
 * - `metrics`: `datadog_logs_metric`s, distributions in seconds with percentiles, by service and status class.
 * The model behind them is `nginxLatencyPipeline(props)` / `nginxLatencyMetrics(props)`: apply the pipeline to log
 * lines with `applyLogPipeline` to see what Datadog will compute.
 */
export class NginxLatencyLogs extends Construct {
  public readonly format: NginxLogFormat;
  public readonly model: LogPipelineModel;
  public readonly pipeline: LogsCustomPipeline;
  public readonly metrics: Readonly<Record<keyof ReturnType<typeof nginxLatencyMetrics>, LogsMetric>>;
  /** Metric names, for monitors. */
  public readonly metricNames: Readonly<Record<keyof ReturnType<typeof nginxLatencyMetrics>, string>>;
  /** The resolved settings (metric prefix, filter, attribute names). */
  public readonly settings: ReturnType<typeof nginxLatencySettings>;
  /** Path of the snippet inside the stack's output directory; the Agent's log config is beside it (`.agent.yaml`). */
  public readonly snippetPath: string;

  constructor(scope: Construct, id: string, props: NginxLatencyLogsProps) {
    super(scope, id);
    const problems = nginxLatencyProblems(props).map((p) => `${p.field}: ${p.message}`);
    this.settings = nginxLatencySettings(props);
    this.format = nginxLogFormat(props);
    this.model = nginxLatencyPipeline(props);
    this.pipeline = new LogsCustomPipeline(this, 'Pipeline', {
      name: this.model.name,
      isEnabled: true,
      // Grok rules hold `%{…}` and a filter may hold `${`: Terraform would read them as templates.
      filter: [{ query: escapeTerraformTemplate(this.model.filterQuery) }],
      processor: escapeTerraformStrings(this.model.processors.map(renderLogProcessor)),
      ...(props.tags ? { tags: [...props.tags] } : {}),
    });
    const models = nginxLatencyMetrics(props);
    const metrics = {} as Record<keyof typeof models, LogsMetric>;
    for (const [key, m] of Object.entries(models) as [keyof typeof models, LogMetricModel][]) {
      metrics[key] = new LogsMetric(this, metricId(key), renderMetric(m));
    }
    this.metrics = metrics;
    this.metricNames = Object.fromEntries(Object.entries(models).map(([k, m]) => [k, m.name])) as Record<keyof typeof models, string>;

    const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]+/g, '_');
    this.snippetPath = props.snippetPath ?? `nginx/${slug(props.service)}-${slug(props.env)}.conf`;
    const pathProblem = stackRelativePathProblem(this.snippetPath);
    if (pathProblem) problems.push(`snippetPath: ${pathProblem}`);
    if (props.snippetOutput ?? true) {
      new TerraformOutput(this, 'Snippet', {
        // `t=${msec}` is nginx's, not Terraform's: written `$${msec}` so Terraform keeps it literal.
        value: escapeTerraformTemplate(this.format.snippet),
        description: `nginx log_format, access_log and proxy headers for ${props.service} (${props.env})`,
      });
    }
    this.node.addValidation({ validate: () => problems.map((p) => `${this.node.path}: ${p}`) });
    writeFilesAtSynth(this, () => ({
      [this.snippetPath]: this.format.snippet,
      [agentConfigPath(this.snippetPath)]: this.format.agentLogsConfig,
    }), () => problems.length > 0);
  }
}

/** `nginx/web-prod.conf` → `nginx/web-prod.agent.yaml`: the Agent's log config beside the snippet. */
function agentConfigPath(snippet: string): string {
  return `${snippet.replace(/\.conf$/, '')}.agent.yaml`;
}

/** Construct IDs of the metrics: a public contract (renaming one replaces the metric). */
function metricId(key: string): string {
  return `Metric${key[0].toUpperCase()}${key.slice(1)}`;
}

function renderMetric(m: LogMetricModel) {
  return {
    name: m.name,
    compute: m.kind === 'distribution'
      ? { aggregationType: 'distribution', path: m.path!, includePercentiles: true }
      : { aggregationType: 'count' },
    filter: { query: escapeTerraformTemplate(m.filterQuery) },
    groupBy: m.groupBy.map((g) => ({ path: g.path, tagName: g.tagName })),
  };
}

/** One model processor as the provider's block. Formulas and grok rules are printed from the model. */
export function renderLogProcessor(p: LogProcessor): LogsCustomPipelineProcessor {
  switch (p.type) {
    case 'arithmetic':
      return { arithmeticProcessor: { name: p.name, isEnabled: true, target: p.target, expression: printArithmetic(p.expression), isReplaceMissing: false } };
    case 'grok':
      return {
        grokParser: {
          name: p.name, isEnabled: true, source: p.source,
          grok: { matchRules: p.matchRules.map(printGrokRule).join('\n'), supportRules: '' },
          ...(p.samples ? { samples: [...p.samples] } : {}),
        },
      };
    case 'category':
      return { categoryProcessor: { name: p.name, isEnabled: true, target: p.target, category: p.categories.map((c) => ({ name: c.name, filter: { query: c.query } })) } };
    case 'attribute-remapper':
      return {
        attributeRemapper: {
          name: p.name, isEnabled: true, sources: [...p.sources], sourceType: 'attribute', target: p.target, targetType: 'attribute',
          preserveSource: true, overrideOnConflict: false, ...(p.targetFormat ? { targetFormat: p.targetFormat } : {}),
        },
      };
    case 'status-remapper':
      return { statusRemapper: { name: p.name, isEnabled: true, sources: [...p.sources] } };
  }
}
