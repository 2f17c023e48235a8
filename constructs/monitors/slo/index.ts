import { Construct } from 'constructs';
import { ServiceLevelObjective } from '@cdktf/provider-datadog/lib/service-level-objective';
import { escapeTerraformTemplate } from '../../terraform/escape';
import { parseMonitorQuery } from '../query';
import { isToken } from '../model/query-text';

/** SLO timeframes Datadog offers for time-slice SLOs. */
export type SloTimeframe = '7d' | '30d' | '90d';

export interface DatadogLatencySloProps {
  /** SLO name; unique in the organisation. */
  readonly name: string;
  /** @default - none */
  readonly description?: string;
  /** A latency series without time aggregation, in seconds, e.g. `p95:trace.nginx.request{env:prod,service:web}`. */
  readonly metricQuery: string;
  /** A minute (or 5-minute slice) is good when the latency is at most this many seconds. */
  readonly thresholdSeconds: number;
  /** Percentage of good slices promised, e.g. 99.5. */
  readonly target: number;
  /** Percentage under which the SLO warns; above the target. @default - no warning */
  readonly warning?: number;
  /** @default '30d' */
  readonly timeframe?: SloTimeframe;
  /** Slice length. @default 300 */
  readonly queryIntervalSeconds?: 60 | 300;
  /** Tags, `key:value`. @default - none */
  readonly tags?: readonly string[];
}

/**
 * A latency SLO as a time-slice SLO (`datadog_service_level_objective`, type `time_slice`): the share of slices
 * whose latency is at most `thresholdSeconds`. `slo.resource` is the provider resource.
 */
export class DatadogLatencySlo extends Construct {
  public readonly resource: ServiceLevelObjective;

  constructor(scope: Construct, id: string, props: DatadogLatencySloProps) {
    super(scope, id);
    const problems = latencySloProblems(props);
    this.resource = new ServiceLevelObjective(this, 'Resource', {
      // Literal text: `${` and `%{` escaped for Terraform (cdktf tokens kept).
      name: escapeTerraformTemplate(props.name),
      type: 'time_slice',
      ...(props.description !== undefined ? { description: escapeTerraformTemplate(props.description) } : {}),
      ...(props.tags !== undefined ? { tags: [...props.tags] } : {}),
      thresholds: [{
        timeframe: props.timeframe ?? '30d',
        target: props.target,
        ...(props.warning !== undefined ? { warning: props.warning } : {}),
      }],
      sliSpecification: {
        timeSlice: {
          comparator: '<=',
          threshold: props.thresholdSeconds,
          queryIntervalSeconds: props.queryIntervalSeconds ?? 300,
          query: {
            formula: { formulaExpression: 'query1' },
            query: [{ metricQuery: { name: 'query1', dataSource: 'metrics', query: props.metricQuery } }],
          },
        },
      },
    });
    this.node.addValidation({ validate: () => problems });
  }

  /** The SLO's ID (a Terraform reference). */
  public get sloId(): string {
    return this.resource.id;
  }
}

/** Create-time checks of a latency SLO, each naming the field, the value and what is allowed. */
export function latencySloProblems(props: DatadogLatencySloProps): string[] {
  const out: string[] = [];
  const known = (v: unknown) => v !== undefined && !isToken(v);
  if (known(props.target) && !(props.target > 0 && props.target < 100)) out.push(`target: a target is a percentage above 0 and below 100 (got ${props.target})`);
  if (known(props.warning) && known(props.target) && !(props.warning! > props.target && props.warning! < 100)) {
    out.push(`warning: the warning percentage must be above the target (${props.target}) and below 100 (got ${props.warning})`);
  }
  if (known(props.thresholdSeconds) && !(props.thresholdSeconds > 0)) out.push(`thresholdSeconds: a latency bound is above 0 seconds (got ${props.thresholdSeconds})`);
  if (props.timeframe !== undefined && !['7d', '30d', '90d'].includes(props.timeframe)) out.push(`timeframe: allowed '7d', '30d', '90d' (got ${JSON.stringify(props.timeframe)})`);
  if (props.queryIntervalSeconds !== undefined && ![60, 300].includes(props.queryIntervalSeconds)) out.push(`queryIntervalSeconds: allowed 60 or 300 (got ${props.queryIntervalSeconds})`);
  if (!isToken(props.metricQuery)) {
    const prefix = 'avg(last_5m):';
    const r = parseMonitorQuery(`${prefix}${props.metricQuery} > 0`);
    if (!r.ok) {
      const col = Math.max(1, r.error.column - prefix.length);
      out.push(`metricQuery: col ${col}: ${r.error.message} (got ${JSON.stringify(props.metricQuery)})`);
    }
  }
  return out;
}
