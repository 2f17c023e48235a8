import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { DashboardJson } from '@cdktf/provider-datadog/lib/dashboard-json';
import type { DatadogMonitor } from '../monitors/monitor';
import { parseMonitorQuery, summarizeQuery } from '../monitors/query';
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
 * The link a monitor's message carries to its runbook dashboard: Datadog's dashboard search for the runbook's title.
 * A direct link cannot be written: the dashboard's URL exists only once it is created, and it needs the monitor's ID
 * first (Terraform would refuse the cycle). The title is unique, so the search opens on exactly one dashboard.
 */
export function runbookLink(monitorName: string, site = 'datadoghq.com'): string {
  return `${datadogAppUrl(site)}/dashboard/lists?q=${encodeURIComponent(runbookTitle(monitorName))}`;
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
    const parsed = parseMonitorQuery(m.body.query, { allowPlaceholders: Token.isUnresolved(m.body.query) });
    const summary = parsed.ok ? summarizeQuery(parsed.query) : undefined;
    this.metrics = summary?.metrics ?? [];
    const scopeTags = m.facts.scopeTags.length > 0 ? m.facts.scopeTags.join(',') : '*';
    const groupBy = m.facts.groupBy.length > 0 ? ` by {${m.facts.groupBy.join(',')}}` : '';
    const widgets: unknown[] = [
      { definition: { type: 'note', content: props.stepsMarkdown.trim(), background_color: 'white', font_size: '14', text_align: 'left', show_tick: false, has_padding: true } },
      { definition: { type: 'alert_graph', title: m.body.name, alert_id: m.monitorId, viz_type: 'timeseries', time: { live_span: liveSpan } } },
      ...this.metrics.map((metric) => ({
        definition: {
          type: 'timeseries',
          title: metric,
          time: { live_span: liveSpan },
          requests: [{ q: `avg:${metric}{${scopeTags}}${groupBy}`, display_type: 'line' }],
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
