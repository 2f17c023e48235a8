import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { DashboardJson } from '@cdktf/provider-datadog/lib/dashboard-json';
import type { DatadogMonitor } from '../monitors/monitor';
import { parseMonitorQuery, summarizeQuery, type MetricExpression, type MonitorQuery, type Series } from '../monitors/query';
import { escapeTerraformTemplate } from '../terraform/escape';

/*
 * A runbook next to the graphs: Datadog has no notebook resource in any provider version, so a runbook tied to a
 * monitor is a dashboard: the monitor's own alert graph (bound to its ID), a graph of each metric its query reads,
 * and the runbook's steps as markdown, kept in the repository next to the monitor's spec.
 */

/** The web app of a Datadog site: `datadoghq.com` → `https://app.datadoghq.com`, `us5.datadoghq.com` → itself. */
export function datadogAppUrl(site: string): string {
  return /^(us\d|ap\d|uk\d)\./.test(site) ? `https://${site}` : `https://app.${site}`;
}

/** The dashboard title of a monitor's runbook. */
export function runbookTitle(monitorName: string): string {
  return `Runbook: ${monitorName}`;
}

/**
 * The link a monitor's message carries to its runbook dashboard: the dashboard list searched for the runbook's title,
 * `https://app.<site>/dashboard/lists?q=<title>`, the form Datadog's own documentation uses to open a dashboard by name.
 * A direct link cannot be written: the dashboard's URL exists only once it is created, and it needs the monitor's ID
 * first (Terraform would refuse the cycle). Monitor names are unique (HS-MON-3), so the list shows one dashboard.
 * Template variables of the name (`{{server.name}}`) are left out of the search: the title has them as written.
 */
export function runbookLink(monitorName: string, site = 'datadoghq.com'): string {
  const search = runbookTitle(monitorName).replace(/\{\{[^}]*\}\}/g, ' ').replace(/\s+/g, ' ').trim();
  return `${datadogAppUrl(site)}/dashboard/lists?q=${encodeURIComponent(search)}`;
}

export interface RunbookDashboardProps {
  /** The paging monitor the runbook is for: its alert graph and its query's metrics are shown. */
  readonly monitor: DatadogMonitor;
  /**
   * The steps, as markdown: a decision tree ("if the graph shows X, do Y; escalate to team Z"). The stack reads it
   * from a file next to the monitor's spec (`<monitor>.runbook.md`); constructs read no files.
   */
  readonly stepsMarkdown: string;
  /** Live span of the graphs. @default '4h' */
  readonly liveSpan?: '1h' | '4h' | '1d' | '2d' | '1w';
}


/**
 * `datadog_dashboard_json` with the monitor's runbook: steps (note), alert graph (`alert_graph` bound to the monitor's
 * ID), and a timeseries per metric of its query, scoped like the query. Link to it from the message with
 * `runbookLink(name)`; `dashboard.url` is the direct address once applied.
 */
export class RunbookDashboard extends Construct {
  public readonly dashboard: DashboardJson;
  public readonly title: string;
  /** The metrics graphed, from the monitor's query. */
  public readonly metrics: readonly string[];

  constructor(scope: Construct, id: string, props: RunbookDashboardProps) {
    super(scope, id);
    const m = props.monitor;
    const liveSpan = props.liveSpan ?? '4h';
    this.title = runbookTitle(m.body.name);
    const query = m.body.query;
    const parsed = parseMonitorQuery(query, { allowPlaceholders: Token.isUnresolved(query) });
    const summary = parsed.ok ? summarizeQuery(parsed.query) : undefined;
    this.metrics = summary?.metrics ?? [];
    // Each series of a metric query as written (its own scope, grouping and aggregation): a formula over two
    // services graphs each with its own service, not both ANDed. Other kinds: each metric with the query's scope.
    const series = parsed.ok ? seriesOf(parsed.query) : [];
    const scopeTags = m.facts.scopeTags.length > 0 ? m.facts.scopeTags.join(',') : '*';
    const groupBy = m.facts.groupBy.length > 0 ? ` by {${m.facts.groupBy.join(',')}}` : '';
    const graphs = series.length > 0
      ? series.map((s) => {
          const text = query.slice(s.span.start, s.span.end);
          const twice = series.filter((o) => o.metric.text === s.metric.text).length > 1;
          return { title: twice ? text : s.metric.text, q: text };
        }).filter((g, i, all) => all.findIndex((o) => o.q === g.q) === i)
      : this.metrics.map((metric) => ({ title: metric, q: `avg:${metric}{${scopeTags}}${groupBy}` }));
    const widgets: unknown[] = [
      { definition: { type: 'note', content: props.stepsMarkdown.trim(), background_color: 'white', font_size: '14', text_align: 'left', show_tick: false, has_padding: true } },
      { definition: { type: 'alert_graph', title: m.body.name, alert_id: m.monitorId, viz_type: 'timeseries', time: { live_span: liveSpan } } },
      ...graphs.map((g) => ({
        definition: {
          type: 'timeseries',
          title: g.title,
          time: { live_span: liveSpan },
          requests: [{ q: g.q, display_type: 'line' }],
        },
      })),
    ];
    const json = JSON.stringify({
      title: this.title,
      description: `Runbook of monitor "${m.body.name}", managed by houndstack: edit the steps in the repository, not here.`,
      layout_type: 'ordered',
      widgets,
    });
    // Every string of Terraform JSON is a template: the steps' literal ${ and %{ are escaped, the monitor's ID (a
    // cdktf token) stays a reference.
    this.dashboard = new DashboardJson(this, 'dashboard', { dashboard: escapeTerraformTemplate(json) });
  }
}

/** The series of a metric, anomaly, forecast or outlier query, in order. */
function seriesOf(q: MonitorQuery): Series[] {
  const expression = q.kind === 'metric' ? q.expression : q.kind === 'anomaly' ? q.anomalies.query : q.kind === 'forecast' ? q.forecast.query : q.kind === 'outlier' ? q.outliers.query : undefined;
  const out: Series[] = [];
  const walk = (e: MetricExpression): void => {
    if (e.type === 'series') out.push(e);
    else if (e.type === 'binary') {
      walk(e.left);
      walk(e.right);
    }
    else if (e.type === 'negate') walk(e.operand);
    else if (e.type === 'paren') walk(e.inner);
    else if (e.type === 'call') for (const a of e.args) if (a.type !== 'string' && a.type !== 'named') walk(a);
  };
  if (expression) walk(expression);
  return out;
}
