import { Construct, IConstruct } from 'constructs';
import { TerraformElement, TerraformProvider, TerraformResource, TerraformStack, Token, ref } from 'cdktf';
import { DatadogMonitorBody, MonitorFacts, MonitorSpec, expandSpec, formatProblem, renderMonitor } from '../model';
import { KEY_PATTERN, resourceNameOf, slugOf } from './keys';
import { spliceInto, splicedList } from './splice';
import { escapeTerraformStrings } from '../../terraform/escape';
import { guardSingleCdktf } from '../../terraform/single-cdktf';
import type { IMonitorRuleSubjects, MonitorSubject } from '../../rules/rule';

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
  /**
   * The Datadog ID of an existing monitor this entry adopts (an `import` block, as `adopt(key, monitorId)`): what
   * `houndstack monitors import` writes for every monitor it imports.
   * @default - a monitor Terraform creates
   */
  readonly monitorId?: string;
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
  /** The body contains unresolved tokens (e.g. a composite referencing another monitor's id). */
  readonly hasTokens: boolean;
}

const CATALOG_SYMBOL = Symbol.for('houndstack.MonitorCatalog');

/**
 * Thousands of `datadog_monitor` resources at a small, bounded cost each.
 *
 * Each monitor is rendered and validated by the same `renderMonitor` as a single `DatadogMonitor`, and synthesizes
 * to the same resource JSON, under the address `datadog_monitor.<catalog id>_<key>`. Unlike one provider `Monitor`
 * object per monitor, the catalog creates no construct, token or attribute object per monitor, and its bodies skip
 * cdktf's token resolver: they are added to the stack's JSON after cdktf has resolved the rest (see `spliceInto`).
 * Bodies that hold tokens (a composite of other monitors, a tag made from a reference) go through cdktf as usual.
 *
 * Per-monitor escape hatch: `stack.addOverride(\`resource.${catalog.address(key)}.<attribute>\`, value)`.
 * JSON output only: the catalog refuses `SYNTH_HCL_OUTPUT`.
 *
 * Problems of every monitor are reported together at synth, each naming the catalog's path and the monitor's key.
 */
export class MonitorCatalog extends Construct implements IMonitorRuleSubjects {
  /** Whether `x` is a MonitorCatalog (works across copies of this library). */
  public static isMonitorCatalog(x: unknown): x is MonitorCatalog {
    return x !== null && typeof x === 'object' && CATALOG_SYMBOL in x;
  }

  private readonly monitors = new Map<string, Held>();
  private readonly byResourceName = new Map<string, string>();
  private readonly problems: string[] = [];
  private readonly moves: Array<{ readonly from: string; readonly toKey: string; readonly fromKey?: string }> = [];
  private readonly adopted = new Map<string, string>();
  private readonly released = new Set<string>();

  constructor(scope: Construct, id: string, props: MonitorCatalogProps = {}) {
    super(scope, id);
    Object.defineProperty(this, CATALOG_SYMBOL, { value: true });
    guardSingleCdktf(this);
    new CatalogResources(this, 'Resources', this.monitors, () => this.stateBlocks());
    const monitors = this.monitors;
    const path = this.node.path;
    spliceInto(TerraformStack.of(this), {
      resourceType: 'datadog_monitor',
      forEach(emit) {
        // In address order, the order the file lists them in: the stack's map then needs no sorted copy.
        const inOrder = [...monitors.values()].sort((a, b) => (a.resourceName < b.resourceName ? -1 : a.resourceName > b.resourceName ? 1 : 0));
        for (const m of inOrder) if (!m.hasTokens) emit(m.resourceName, writtenBody(m), metadataOf(m, path));
      },
    });
    for (const entry of props.monitors ?? []) this.add(entry);
    this.node.addValidation({
      validate: () => [...this.problems, ...this.stateProblems(), ...this.collisionProblems(), ...this.providerProblems()],
    });
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
    if (entry.monitorId !== undefined) {
      if (!/^\d+$/.test(String(entry.monitorId))) this.problems.push(`monitor '${key}': monitorId must be a Datadog monitor ID, digits only (got ${JSON.stringify(entry.monitorId)})`);
      else this.adopt(key, String(entry.monitorId));
    }
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
    this.byResourceName.set(resourceName, key);
    this.monitors.set(key, { key, resourceName, spec, body, facts, hasTokens: containsTokens(body) });
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

  /**
   * The monitors as the hygiene rules (`applyMonitorRules`) see them: each with the path `<catalog path>/<key>`;
   * findings are reported on the catalog, and suppressions on the catalog (or its scopes) apply to all its monitors.
   */
  public monitorRuleSubjects(): MonitorSubject[] {
    const path = this.node.path;
    return [...this.monitors.values()].map((m) => ({ path: `${path}/${m.key}`, construct: this, body: m.body, facts: m.facts, spec: m.spec }));
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

  /**
   * The monitor's Datadog ID as a number token, for number-typed references such as
   * `datadog_service_level_objective.monitor_ids`.
   */
  public monitorIdAsNumber(key: string): number {
    return Token.asNumber(ref(`${this.address(key)}.id`, TerraformStack.of(this)));
  }

  /**
   * Declares that monitor `toKey` used to be `oldKey` of this catalog: a `moved` block, so that Terraform renames the
   * address instead of destroying and creating the monitor (its ID, links and composites survive).
   */
  public renamed(oldKey: string, toKey: string): void {
    this.moves.push({ from: `datadog_monitor.${resourceNameOf(this.node.id, oldKey)}`, toKey, fromKey: oldKey });
  }

  /**
   * Declares that monitor `toKey` was managed at `fromAddress` in this same state, e.g. a `DatadogMonitor`'s
   * `datadog_monitor.api-cpu_D31969F4` (see `terraform state list`) when moving it into a catalog: a `moved` block.
   */
  public movedFrom(fromAddress: string, toKey: string): void {
    this.moves.push({ from: fromAddress, toKey });
  }

  /**
   * Adopts an existing Datadog monitor as `key` (Terraform 1.5+ `import` block): the receiving side of a move
   * between shards (stacks), or a monitor made by hand. The spec should match the monitor, or the plan shows the update.
   */
  public adopt(key: string, monitorId: string): void {
    this.adopted.set(key, monitorId);
  }

  /**
   * Lets go of a monitor that left this catalog without destroying it (Terraform 1.7+ `removed` block with
   * `destroy = false`): the sending side of a move between shards. `key` must no longer be in the catalog.
   */
  public release(key: string): void {
    this.released.add(key);
  }

  private stateBlocks(): Record<string, unknown> {
    const blocks: Record<string, unknown> = {};
    const known = this.moves.filter((m) => this.monitors.has(m.toKey));
    if (known.length > 0) blocks.moved = known.map((m) => ({ from: m.from, to: this.address(m.toKey) }));
    const adopted = [...this.adopted].filter(([key]) => this.monitors.has(key));
    if (adopted.length > 0) blocks.import = adopted.map(([key, id]) => ({ to: this.address(key), id }));
    if (this.released.size > 0) {
      blocks.removed = [...this.released].map((key) => ({ from: `datadog_monitor.${resourceNameOf(this.node.id, key)}`, lifecycle: { destroy: false } }));
    }
    return blocks;
  }

  private stateProblems(): string[] {
    const problems: string[] = [];
    for (const m of this.moves) {
      if (!this.monitors.has(m.toKey)) problems.push(`move to '${m.toKey}': no monitor with that key in this catalog`);
      if (m.fromKey !== undefined && this.monitors.has(m.fromKey)) problems.push(`rename '${m.fromKey}' → '${m.toKey}': '${m.fromKey}' is still in the catalog`);
    }
    for (const key of this.adopted.keys()) {
      if (!this.monitors.has(key)) problems.push(`adopt '${key}': no monitor with that key in this catalog`);
    }
    for (const key of this.released) {
      if (this.monitors.has(key)) problems.push(`release '${key}': the monitor is still in this catalog; remove it here first (it moves to another shard)`);
    }
    return problems;
  }

  private held(key: string): Held {
    const m = this.monitors.get(key);
    if (!m) throw new Error(`${this.node.path}: no monitor with key '${key}' in this catalog`);
    return m;
  }

  /** Addresses this catalog shares with another catalog or a datadog_monitor resource of the same stack. */
  private collisionProblems(): string[] {
    const stack = TerraformStack.of(this);
    const taken = new Map<string, string>();
    for (const c of stack.node.findAll()) {
      if (c === this) continue;
      if (MonitorCatalog.isMonitorCatalog(c)) {
        for (const m of c.monitors.values()) taken.set(m.resourceName, `monitor '${m.key}' of ${c.node.path}`);
      } else if (TerraformResource.isTerraformResource(c) && c.terraformResourceType === 'datadog_monitor') {
        taken.set(c.friendlyUniqueId, c.node.path);
      }
    }
    const problems: string[] = [];
    for (const m of this.monitors.values()) {
      const other = taken.get(m.resourceName);
      if (other !== undefined) problems.push(`monitor '${m.key}': address datadog_monitor.${m.resourceName} is also used by ${other}; give the catalogs distinct ids`);
    }
    return problems;
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
 * The catalog's bodies that hold tokens, written through cdktf like any resource so that references resolve (and
 * cross-stack references get their outputs) — usually none: token-free bodies are spliced in after resolution —
 * and its `moved`, `import` and `removed` blocks.
 */
class CatalogResources extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly monitors: ReadonlyMap<string, Held>,
    private readonly stateBlocks: () => Record<string, unknown>,
  ) {
    super(scope, id);
  }

  public override toTerraform(): Record<string, unknown> {
    const withTokens: Record<string, unknown> = {};
    const path = this.node.scope!.node.path;
    for (const m of this.monitors.values()) if (m.hasTokens) withTokens[m.resourceName] = withMetadata(m, path);
    const out = this.stateBlocks();
    // Token-free blocks (nearly always: addresses and IDs) skip cdktf's resolver, as the bodies do.
    const stack = TerraformStack.of(this);
    for (const [kind, blocks] of Object.entries(out)) {
      if (!containsTokens(blocks)) out[kind] = [splicedList(stack, `${this.node.path}/${kind}`, blocks as unknown[])];
    }
    if (Object.keys(withTokens).length > 0) out.resource = { datadog_monitor: withTokens };
    return out;
  }

  public override toHclTerraform(): Record<string, unknown> {
    if (this.monitors.size === 0) return {};
    throw new Error(`${this.node.scope!.node.path}: MonitorCatalog synthesizes JSON only (cdk.tf.json); unset SYNTH_HCL_OUTPUT`);
  }
}

/** The `//` metadata cdktf writes for every resource: construct path and address. */
function metadataOf(m: Held, catalogPath: string): Record<string, unknown> {
  return { metadata: { path: `${catalogPath}/${m.key}`, uniqueId: m.resourceName } };
}

/**
 * The body as written: its literal text escaped for Terraform (`${` → `$${`, `%{` → `%%{`; cdktf tokens kept). The
 * escape returns the same object when no string holds `${` or `%{`, which is nearly always: one `includes` per string.
 */
function writtenBody(m: Held): Record<string, unknown> {
  return escapeTerraformStrings(m.body) as unknown as Record<string, unknown>;
}

/** The body as written, with its `//` metadata. */
function withMetadata(m: Held, catalogPath: string): Record<string, unknown> {
  return { ...writtenBody(m), '//': metadataOf(m, catalogPath) };
}

/**
 * Whether a rendered body may hold unresolved tokens; such bodies go through cdktf's resolver. Runs once per monitor,
 * so it is cheap rather than exact: every string and list token cdktf encodes contains `TfToken[` (catalog.test.ts
 * pins this for string, number and list tokens), and number tokens are doubles beyond ±1e280, far from any threshold
 * or duration. A false positive only costs the slower path.
 */
function containsTokens(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('TfToken[');
  if (typeof value === 'number') return Math.abs(value) > 1e280 && Token.isUnresolved(value);
  if (Array.isArray(value)) return value.some(containsTokens);
  if (value !== null && typeof value === 'object') {
    if (Token.isUnresolved(value)) return true;
    for (const k in value) if (containsTokens((value as Record<string, unknown>)[k])) return true;
  }
  return false;
}
