import { TerraformStack } from 'cdktf';

/** Something that has resource bodies to add to a stack's JSON after cdktf has resolved it. */
export interface SplicedResources {
  /** Terraform resource type, e.g. `datadog_monitor`. */
  readonly resourceType: string;
  /** Calls `emit(name, body)` once per resource; bodies must be plain JSON (no tokens: those go through cdktf). */
  forEach(emit: (name: string, body: Record<string, unknown>) => void): void;
}

const SPLICES = Symbol.for('houndstack/spliced-resources');

type StackWithSplices = TerraformStack & { [SPLICES]?: SplicedResources[] };

/**
 * Registers `source` with `stack`: its bodies are added under `resource.<type>.<name>` of the stack's JSON after
 * cdktf has resolved the rest, so cdktf's resolver (three walks of the whole tree, the bulk of synth time for
 * thousands of resources) never sees them. The first registration wraps the stack's `toTerraform` — the method
 * `app.synth()`, `Testing.synth` and `Testing.fullSynth` all call; later ones only add to the list.
 *
 * A stack-level override of a spliced resource (`stack.addOverride('resource.datadog_monitor.<name>.<attr>', …)`) is
 * applied on top of its body, as cdktf would.
 */
export function spliceInto(stack: TerraformStack, source: SplicedResources): void {
  const s = stack as StackWithSplices;
  let sources = s[SPLICES];
  if (!sources) {
    sources = [];
    Object.defineProperty(s, SPLICES, { value: sources });
    const resolved = stack.toTerraform.bind(stack);
    const all = sources;
    stack.toTerraform = function toTerraformWithSplices(): ReturnType<TerraformStack['toTerraform']> {
      const tf = resolved();
      for (const src of all) {
        const resource = (tf.resource ??= {}) as Record<string, Record<string, unknown>>;
        const ofType = (resource[src.resourceType] ??= {});
        src.forEach((name, body) => {
          const overridden = ofType[name];
          ofType[name] = overridden === undefined ? body : mergeOverride(body, overridden);
        });
      }
      return tf;
    };
  }
  sources.push(source);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** `over` on top of `base`: objects merge key by key, anything else replaces. Returns a new object. */
function mergeOverride(base: Record<string, unknown>, over: unknown): Record<string, unknown> {
  if (!isPlainObject(over)) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? mergeOverride(out[k] as Record<string, unknown>, v) : v;
  }
  return out;
}
