import { Construct, IConstruct } from 'constructs';
import { IResolvable, IResolveContext, TerraformElement, TerraformProvider, TerraformStack, Token, ref } from 'cdktf';
import { DatadogMonitorBody, MonitorFacts, MonitorSpec, expandSpec, formatProblem, renderMonitor } from '../model';
import { KEY_PATTERN, resourceNameOf, slugOf } from './keys';

/** One monitor of a catalog. */
export interface CatalogEntry {
  /**
   * The monitor's stable key in this catalog; it alone decides the Terraform address
   * (`datadog_monitor.<catalog id>_<key>`). Letters, digits and `_ . / -`, starting with a letter or digit.
   * @default - the slug of the monitor's name: renaming the monitor then moves it (destroy and create)
   */
  readonly key?: string;
  /** The monitor, as for a single `DatadogMonitor`. An anomaly spec with `safetyRail` adds its rail as `<key>/safety-rail`. */
  readonly spec: MonitorSpec;
}

export interface MonitorCatalogProps {
  /**
   * The monitors. More can be added with `add()`.
   * @default - none
   */
  readonly monitors?: readonly CatalogEntry[];
}

/** A monitor as the catalog holds it. */
export interface CatalogMonitor {
  readonly key: string;
  /** The resource name after `datadog_monitor.`. */
  readonly resourceName: string;
  readonly spec: MonitorSpec;
  /** The `datadog_monitor` attributes as synthesized (without cdktf's `//` metadata). */
  readonly body: DatadogMonitorBody;
  /** Group-by keys, scope, window: what the hygiene rules read. */
  readonly facts: MonitorFacts;
}

interface Held extends CatalogMonitor {
  /** The body as written: with the `//` metadata cdktf writes for every resource (construct path, address). */
  readonly emitted: Record<string, unknown>;
  /** The body contains unresolved tokens (e.g. a composite referencing another monitor's id). */
  readonly hasTokens: boolean;
}

const CATALOG_SYMBOL = Symbol.for('kennel/MonitorCatalog');

/**
 * Thousands of `datadog_monitor` resources at a small, bounded cost each.
 *
 * Each monitor is rendered and validated by the same `renderMonitor` as a single `DatadogMonitor`, and synthesizes
 * to the same resource JSON, under the address `datadog_monitor.<catalog id>_<key>`. Unlike one provider `Monitor`
 * object per monitor, the catalog creates no construct, token or attribute object per monitor: one Terraform element
 * writes all bodies at synth, and skips cdktf's preparing pass for bodies without tokens.
 *
 * Problems of every monitor are reported together at synth, each naming the catalog's path and the monitor's key.
 */
export class MonitorCatalog extends Construct {
  /** Whether `x` is a MonitorCatalog (works across copies of this library). */
  public static isMonitorCatalog(x: unknown): x is MonitorCatalog {
    return x !== null && typeof x === 'object' && CATALOG_SYMBOL in x;
  }

  private readonly monitors = new Map<string, Held>();
  private readonly byResourceName = new Map<string, string>();
  private readonly problems: string[] = [];

  constructor(scope: Construct, id: string, props: MonitorCatalogProps = {}) {
    super(scope, id);
    Object.defineProperty(this, CATALOG_SYMBOL, { value: true });
    new CatalogResources(this, 'Resources', this.monitors);
    for (const entry of props.monitors ?? []) this.add(entry);
    this.node.addValidation({ validate: () => [...this.problems, ...this.providerProblems()] });
  }

  /**
   * Adds one monitor (and its safety rail, if any); returns its key. Problems are reported at synth, with every
   * other problem of the catalog.
   */
  public add(entry: CatalogEntry): string {
    const key = entry.key ?? slugOf(entry.spec.name);
    if (entry.key !== undefined && !KEY_PATTERN.test(entry.key)) {
      this.problems.push(`monitor '${key}': key must match ${KEY_PATTERN} (letters, digits and _ . / -)`);
    } else if (key === '') {
      this.problems.push(`monitor named '${entry.spec.name}': the name has no letter or digit to make a key from; set 'key'`);
    }
    const [spec, rail] = expandSpec(entry.spec);
    this.hold(key, spec!);
    if (rail) this.hold(`${key}/safety-rail`, rail);
    return key;
  }

  private hold(key: string, spec: MonitorSpec): void {
    const at = `monitor '${key}'`;
    if (this.monitors.has(key)) {
      this.problems.push(`${at}: duplicate key (names '${this.monitors.get(key)!.spec.name}' and '${spec.name}'); set distinct 'key's`);
      return;
    }
    const resourceName = resourceNameOf(this.node.id, key);
    const other = this.byResourceName.get(resourceName);
    if (other !== undefined) {
      this.problems.push(`${at}: keys '${other}' and '${key}' both make the address datadog_monitor.${resourceName}; rename one`);
      return;
    }
    const { body, problems, facts } = renderMonitor(spec);
    for (const p of problems) this.problems.push(`${at}: ${formatProblem(p)}`);
    const emitted = { ...body, '//': { metadata: { path: `${this.node.path}/${key}`, uniqueId: resourceName } } };
    this.byResourceName.set(resourceName, key);
    this.monitors.set(key, { key, resourceName, spec, body, facts, emitted, hasTokens: containsTokens(body) });
  }

  /** Number of monitors. */
  public get size(): number {
    return this.monitors.size;
  }

  /** Keys in the order added. */
  public keys(): string[] {
    return [...this.monitors.keys()];
  }

  /** The monitors, in the order added (read-only: for rules and reports). */
  public entries(): CatalogMonitor[] {
    return [...this.monitors.values()].map(({ key, resourceName, spec, body, facts }) => ({ key, resourceName, spec, body, facts }));
  }

  /** `datadog_monitor.<resource name>` of `key`: what `terraform state` and plans show. */
  public address(key: string): string {
    return `datadog_monitor.${this.held(key).resourceName}`;
  }

  /**
   * The monitor's Datadog ID as a token (`${datadog_monitor.<name>.id}`), for composites, SLOs and downtimes.
   * Works across stacks like any cdktf reference (through a remote-state output).
   */
  public monitorId(key: string): string {
    return Token.asString(ref(`${this.address(key)}.id`, TerraformStack.of(this)));
  }

  private held(key: string): Held {
    const m = this.monitors.get(key);
    if (!m) throw new Error(`${this.node.path}: no monitor with key '${key}' in this catalog`);
    return m;
  }

  private providerProblems(): string[] {
    if (this.monitors.size === 0) return [];
    const stack = TerraformStack.of(this);
    const hasDatadog = stack.node
      .findAll()
      .some((c: IConstruct) => TerraformProvider.isTerraformProvider(c) && c.terraformGeneratorMetadata?.providerName === 'datadog');
    return hasDatadog ? [] : [`stack '${stack.node.id}' has no Datadog provider: add a DatadogProvider to the stack`];
  }
}

/**
 * Writes the catalog's bodies under `resource.datadog_monitor` at synth. The bodies are handed over as one lazy
 * value: during cdktf's preparing pass (which only registers cross-stack references) it yields only the bodies that
 * contain tokens; the final passes get all of them.
 */
class CatalogResources extends TerraformElement {
  constructor(scope: Construct, id: string, private readonly monitors: ReadonlyMap<string, Held>) {
    super(scope, id);
  }

  public override toTerraform(): Record<string, unknown> {
    if (this.monitors.size === 0) return {};
    const monitors = this.monitors;
    const bodies: IResolvable = {
      creationStack: [],
      resolve(context: IResolveContext) {
        const out: Record<string, unknown> = {};
        for (const m of monitors.values()) {
          if (!context.preparing || m.hasTokens) out[m.resourceName] = m.emitted;
        }
        return out;
      },
      toString: () => '<monitor catalog bodies>',
    };
    return { resource: { datadog_monitor: bodies } };
  }
}

function containsTokens(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number') return Token.isUnresolved(value);
  if (Array.isArray(value)) return value.some(containsTokens);
  if (value !== null && typeof value === 'object') {
    if (Token.isUnresolved(value)) return true;
    return Object.values(value).some(containsTokens);
  }
  return false;
}
