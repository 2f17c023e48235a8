import { closeSync, openSync, rmSync, writeSync } from 'fs';
import { join } from 'path';
import { TerraformStack } from 'cdktf';
import type { ISynthesisSession } from 'cdktf/lib/synthesize/types';

/** Something that has resource bodies to add to a stack's JSON after cdktf has resolved it. */
export interface SplicedResources {
  /** Terraform resource type, e.g. `datadog_monitor`. */
  readonly resourceType: string;
  /**
   * Calls `emit(name, body, metadata)` once per resource; bodies must be plain JSON (no tokens: those go through
   * cdktf). `metadata` is written as the resource's `//` key, as cdktf does for its own resources.
   */
  forEach(emit: (name: string, body: Record<string, unknown>, metadata?: Record<string, unknown>) => void): void;
}

const SPLICES = Symbol.for('houndstack/spliced-resources');

type StackWithSplices = TerraformStack & { [SPLICES]?: SplicedResources[]; [LISTS]?: Map<string, readonly unknown[]> };

const LISTS = Symbol.for('houndstack/spliced-lists');
/** The key of a stand-in for a spliced list; a random tag per process, so no real block has it. */
const LIST_TAG = `@@houndstack-list-${Math.random().toString(36).slice(2, 10)}`;

/**
 * A stand-in for `items` (top-level blocks such as `import`, `moved` or `removed`, plain JSON without tokens) in an
 * element's `toTerraform`: cdktf resolves and merges one small object instead of every block (three walks each: at
 * 11,000 import blocks, half the synth time), and the stack's JSON gets `items` in its place, in the order cdktf
 * would have merged them. `id` is stable per owner: each call replaces the list the previous one registered.
 */
export function splicedList(stack: TerraformStack, id: string, items: readonly unknown[]): Record<string, string> {
  const s = stack as StackWithSplices;
  let lists = s[LISTS];
  if (!lists) {
    lists = new Map();
    Object.defineProperty(s, LISTS, { value: lists });
  }
  lists.set(id, items);
  return { [LIST_TAG]: id };
}

/** Replaces each stand-in made by `splicedList` in the top-level arrays of `tf` with its list. */
function expandLists(tf: Record<string, unknown>, lists: ReadonlyMap<string, readonly unknown[]>): void {
  for (const [k, v] of Object.entries(tf)) {
    if (!Array.isArray(v) || !v.some(isListStandIn)) continue;
    tf[k] = v.flatMap((item: unknown) => (isListStandIn(item) ? [...(lists.get(item[LIST_TAG]) ?? [])] : [item]));
  }
}

function isListStandIn(x: unknown): x is Record<string, string> {
  return x !== null && typeof x === 'object' && typeof (x as Record<string, unknown>)[LIST_TAG] === 'string';
}

/**
 * Registers `source` with `stack`: its bodies are added under `resource.<type>.<name>` of the stack's JSON after
 * cdktf has resolved the rest, so cdktf's resolver (three walks of the whole tree, the bulk of synth time for
 * thousands of resources) never sees them. The first registration wraps the stack's `toTerraform` — the method
 * `app.synth()`, `Testing.synth` and `Testing.fullSynth` all call; later ones only add to the list.
 *
 * When the app synthesizes, the stack's file skips cdktf's `json-stable-stringify` too (a JavaScript walk of every
 * value, the rest of the cost): it is written by the native `JSON.stringify` of a key-sorted copy, byte for byte what
 * cdktf would have written (see `stableJson`). Each stack's file is written when cdktf synthesizes that stack, before
 * the next one is resolved: only one stack's JSON is in memory at a time.
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
    const all = sources;
    const resolved = stack.toTerraform.bind(stack);
    // While cdktf's synthesizer runs: the stack is written by synthesizeWithSplices below, cdktf writes a stub.
    let stub = false;
    // While the stack's file is written, spliced bodies are written as they are held (see WithMetadata).
    let writing = false;
    stack.toTerraform = function toTerraformWithSplices(): ReturnType<TerraformStack['toTerraform']> {
      if (stub) return {};
      const tf = resolved();
      const lists = s[LISTS];
      if (lists) expandLists(tf as Record<string, unknown>, lists);
      for (const src of all) {
        const resource = (tf.resource ??= {}) as Record<string, Record<string, unknown>>;
        const ofType = (resource[src.resourceType] ??= {});
        src.forEach((name, body, metadata) => {
          const overridden = ofType[name];
          const merged = overridden === undefined ? body : mergeOverride(body, overridden);
          if (metadata === undefined || '//' in merged) ofType[name] = merged;
          // While the file is written, the copy with the metadata is made as JSON.stringify reaches the body, and
          // dropped right after: the stack's bodies are never all copied at once.
          else ofType[name] = writing ? new WithMetadata(merged, metadata) : { ...merged, '//': metadata };
        });
      }
      return tf;
    };
    const synthesizer = stack.synthesizer;
    const synthesize = synthesizer.synthesize.bind(synthesizer);
    synthesizer.synthesize = function synthesizeWithSplices(session: ISynthesisSession): void {
      // cdktf's synthesizer runs aspects and validations, collects annotations and writes the file: here it writes a
      // stub, and the file then gets the stack's JSON through `stack.toTerraform` — whatever wraps it by then (aspects
      // may wrap it during synthesis), so the text is what cdktf would have resolved, written once.
      stub = true;
      try {
        synthesize(session);
      } finally {
        stub = false;
      }
      const file = join(session.outdir, session.manifest.forStack(stack).synthesizedStackPath);
      // HCL output (refused by the catalog at validation) leaves cdktf's file as it is.
      if (!file.endsWith('.json')) return;
      writing = true;
      try {
        writeStableJson(file, stack.toTerraform());
      } catch (error) {
        // A wrapper refused the stack (a literal credential, say): leave no file behind, as cdktf would not write one.
        rmSync(file, { force: true });
        throw error;
      } finally {
        writing = false;
      }
    };
  }
  sources.push(source);
}

/**
 * `value` as cdktf writes it (`json-stable-stringify` with `space: 2`, at nesting depth `depth`), from the native
 * `JSON.stringify` of a copy with sorted keys — a copy only where keys are out of order: sorted objects and arrays of
 * plain values are passed as they are. The two formats differ only in empty arrays and objects, which
 * json-stable-stringify writes over two lines (`[`, newline, indent, `]`): the copy marks them, and the marks are
 * replaced in the text. An object with integer-like keys (which JavaScript iterates in numeric order, whatever the
 * insertion order) is written by a plain JavaScript walk instead: no Terraform attribute has one, so that path is for
 * correctness, not speed.
 */
export function stableJson(value: unknown, depth = 0): string {
  const text = stableJsonParts(value).join('');
  return depth === 0 ? text : text.replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** `stableJson(value)` as pieces whose concatenation is the text: a file is written piece by piece, never copied whole. */
function stableJsonParts(value: unknown): string[] {
  const state = { empties: false };
  const copy = sortedCopy(value, 0, state);
  if (copy === UNSORTABLE) return [slowStableJson(value, 0)];
  const text = JSON.stringify(copy, null, 2);
  if (text === undefined) return ['null'];
  return state.empties ? unmarkEmpties(text) : [text];
}

/** Writes `value` to `file` as `stableJson` writes it. */
export function writeStableJson(file: string, value: unknown): void {
  const parts = stableJsonParts(value);
  const fd = openSync(file, 'w');
  try {
    for (const part of parts) writeSync(fd, part);
  } finally {
    closeSync(fd);
  }
}

const UNSORTABLE = Symbol('unsortable');
const INDEX_KEY = /^(0|[1-9]\d*)$/;
/** Stands in for an empty array or object at a nesting level; a random tag per process, so no real value equals it. */
const EMPTY_TAG = `@@houndstack-empty-${Math.random().toString(36).slice(2, 10)}`;

/**
 * The text with each marked empty container written as json-stable-stringify does, as pieces (slices of the text
 * between the marks); indexOf, not a regex: faster on megabytes.
 */
function unmarkEmpties(text: string): string[] {
  const mark = `"${EMPTY_TAG}`;
  const parts: string[] = [];
  let from = 0;
  for (let at = text.indexOf(mark); at >= 0; at = text.indexOf(mark, from)) {
    const open = text[at + mark.length]!;
    const end = text.indexOf('"', at + mark.length);
    const level = Number(text.slice(at + mark.length + 1, end));
    parts.push(text.slice(from, at), `${open}\n${'  '.repeat(level)}${open === '[' ? ']' : '}'}`);
    from = end + 1;
  }
  parts.push(text.slice(from));
  return parts;
}

/** `value` with every object's keys in sorted order and empty containers marked; UNSORTABLE if that cannot be. */
function sortedCopy(value: unknown, level: number, state: { empties: boolean }): unknown {
  if (value === null || typeof value !== 'object') return value;
  // A spliced body is written as it is held, keys in the order they were rendered (see WithMetadata).
  if (value instanceof WithMetadata) return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return sortedCopy((value as { toJSON: () => unknown }).toJSON(), level, state);
  if (Array.isArray(value)) {
    const length = value.length;
    if (length === 0) {
      state.empties = true;
      return `${EMPTY_TAG}[${level}`;
    }
    let out: unknown[] | undefined;
    for (let i = 0; i < length; i++) {
      const item = value[i] as unknown;
      if (item === null || typeof item !== 'object') {
        if (out) out.push(item);
        continue;
      }
      const copy = sortedCopy(item, level + 1, state);
      if (copy === UNSORTABLE) return UNSORTABLE;
      if (copy !== item && !out) out = value.slice(0, i);
      if (out) out.push(copy);
    }
    return out ?? value;
  }
  const source = value as Record<string, unknown>;
  const shape = shapeOf(source);
  if (shape === undefined) return UNSORTABLE;
  const keys = shape.sorted;
  if (keys.length === 0) {
    state.empties = true;
    return `${EMPTY_TAG}{${level}`;
  }
  let changed = !shape.inOrder;
  const values = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const item = source[keys[i]!];
    if (item === null || typeof item !== 'object') {
      values[i] = item;
      continue;
    }
    const copy = sortedCopy(item, level + 1, state);
    if (copy === UNSORTABLE) return UNSORTABLE;
    if (copy !== item) changed = true;
    values[i] = copy;
  }
  if (!changed) return value;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = values[i];
  return out;
}

/**
 * A spliced body while its stack's file is written: JSON.stringify writes it through `toJSON`, keys in the order they
 * were rendered (a sorted copy of every body would cost more than writing it), with cdktf's `//` metadata.
 */
class WithMetadata {
  constructor(
    private readonly body: Record<string, unknown>,
    private readonly metadata: Record<string, unknown>,
  ) {}
  public toJSON(): Record<string, unknown> {
    // A shallow clone plus one key: the cheapest copy V8 makes (it clones the body's hidden class).
    return { ...this.body, '//': this.metadata };
  }
}

interface Shape {
  readonly keys: readonly string[];
  readonly sorted: readonly string[];
  /** `keys` are already in sorted order. */
  readonly inOrder: boolean;
}

/**
 * An object's keys and their sorted order, or undefined when a key is integer-like. Objects of one kind (bodies of
 * one monitor type, threshold blocks) share their keys in one order, so the last few shapes are kept: most objects
 * then cost a comparison of keys, not a sort.
 */
function shapeOf(object: Record<string, unknown>): Shape | undefined {
  const keys = Object.keys(object);
  for (const shape of SHAPES) {
    const known = shape.keys;
    if (known.length !== keys.length) continue;
    let same = true;
    for (let i = 0; i < keys.length; i++) {
      if (known[i] !== keys[i]) {
        same = false;
        break;
      }
    }
    if (same) return shape;
  }
  let inOrder = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const c = key.charCodeAt(0);
    if (c >= 48 && c <= 57 && INDEX_KEY.test(key)) return undefined;
    if (i > 0 && keys[i - 1]! > key) inOrder = false;
  }
  const shape = { keys, sorted: inOrder ? keys : [...keys].sort(), inOrder };
  // Resource maps (one key per resource) are not shapes that repeat: keep only small objects.
  if (keys.length <= 64) {
    SHAPES.unshift(shape);
    if (SHAPES.length > 16) SHAPES.pop();
  }
  return shape;
}
const SHAPES: Shape[] = [];

/** json-stable-stringify's algorithm (space 2), in JavaScript: the fallback of `stableJson`. */
function slowStableJson(value: unknown, level: number): string {
  const walk = (node: unknown, lvl: number): string | undefined => {
    if (node && typeof (node as { toJSON?: unknown }).toJSON === 'function') node = (node as { toJSON: () => unknown }).toJSON();
    if (node === undefined) return undefined;
    if (typeof node !== 'object' || node === null) return JSON.stringify(node);
    const indent = `\n${'  '.repeat(lvl)}`;
    const parts: string[] = [];
    if (Array.isArray(node)) {
      for (const item of node) parts.push(`${indent}  ${walk(item, lvl + 1) ?? 'null'}`);
      return `[${parts.join(',')}${indent}]`;
    }
    for (const k of Object.keys(node).sort()) {
      const v = walk((node as Record<string, unknown>)[k], lvl + 1);
      if (v) parts.push(`${indent}  ${JSON.stringify(k)}: ${v}`);
    }
    return `{${parts.join(',')}${indent}}`;
  };
  return walk(value, level) ?? 'null';
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
