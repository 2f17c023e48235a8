/**
 * A Datadog logs pipeline as data: the processors houndstack emits, each with Datadog's semantics implemented once, so
 * the same model is rendered to `datadog_logs_custom_pipeline` (nginx-latency-logs.ts) and applied to real log lines
 * (tests, previews). Pure: no cdktf.
 *
 * Semantics followed (Datadog's processor documentation):
 * - arithmetic: `+ - * /` and parentheses over `@attribute`s and numbers; the calculation is skipped when an attribute
 *   is missing or cannot be converted to a number (houndstack never sets "replace missing by 0": a missing service
 *   time must not read as zero queueing); the target is overwritten if present; results rounded to 9 decimals.
 * - grok parser: match rules tried in order against the whole source attribute; the first that matches extracts its
 *   named matchers (`%{number:x}` as a double); no match leaves the log unchanged.
 * - category: the first category whose search matches sets the target.
 * - attribute remapper / status remapper: copy a source attribute to the target (or to the log's status).
 */
import { attributeAt, matchesLogSearch, parseLogSearch } from '../monitors/query/logs-search';

/** An arithmetic expression: the tree the formula text is printed from. */
export type Arithmetic =
  | { readonly kind: 'attribute'; readonly path: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/'; readonly left: Arithmetic; readonly right: Arithmetic };

/** Builders of formulas: `formula.minus(formula.attr('a'), formula.attr('b'))` prints `a - b`. */
export const formula = {
  attr: (path: string): Arithmetic => ({ kind: 'attribute', path }),
  num: (value: number): Arithmetic => ({ kind: 'number', value }),
  plus: (left: Arithmetic, right: Arithmetic): Arithmetic => ({ kind: 'binary', op: '+', left, right }),
  minus: (left: Arithmetic, right: Arithmetic): Arithmetic => ({ kind: 'binary', op: '-', left, right }),
  times: (left: Arithmetic, right: Arithmetic): Arithmetic => ({ kind: 'binary', op: '*', left, right }),
  divide: (left: Arithmetic, right: Arithmetic): Arithmetic => ({ kind: 'binary', op: '/', left, right }),
} as const;

const PRECEDENCE = { '+': 1, '-': 1, '*': 2, '/': 2 } as const;

/**
 * Datadog's formula text: attributes by their path without `@` (as in Datadog's own examples,
 * `(heap.memory_before - heap.memory_after)`); `-` with spaces around it (attribute names may contain dashes).
 */
export function printArithmetic(e: Arithmetic): string {
  switch (e.kind) {
    case 'attribute': return e.path;
    case 'number': return String(e.value);
    case 'binary': {
      const side = (s: Arithmetic, right: boolean) => {
        const text = printArithmetic(s);
        if (s.kind !== 'binary') return text;
        const weaker = PRECEDENCE[s.op] < PRECEDENCE[e.op] || (right && PRECEDENCE[s.op] === PRECEDENCE[e.op] && (e.op === '-' || e.op === '/'));
        return weaker ? `(${text})` : text;
      };
      return `${side(e.left, false)} ${e.op} ${side(e.right, true)}`;
    }
  }
}

export type LogProcessor =
  | { readonly type: 'arithmetic'; readonly name: string; readonly target: string; readonly expression: Arithmetic }
  | { readonly type: 'grok'; readonly name: string; readonly source: string; readonly matchRules: readonly GrokRule[]; readonly samples?: readonly string[] }
  | { readonly type: 'category'; readonly name: string; readonly target: string; readonly categories: readonly { readonly name: string; readonly query: string }[] }
  | { readonly type: 'attribute-remapper'; readonly name: string; readonly sources: readonly string[]; readonly target: string; readonly targetFormat?: 'string' | 'integer' | 'double' }
  | { readonly type: 'status-remapper'; readonly name: string; readonly sources: readonly string[] };

/** One grok match rule: a name and pieces, literal text or a matcher. */
export interface GrokRule {
  readonly name: string;
  readonly pieces: readonly GrokPiece[];
}
export type GrokPiece = string | { readonly matcher: 'number' | 'data'; readonly target?: string };

export interface LogPipelineModel {
  readonly name: string;
  /** Log search selecting the logs the pipeline processes. */
  readonly filterQuery: string;
  readonly processors: readonly LogProcessor[];
}

/** Datadog's grok text of a rule: `name %{number:target}, …`. */
export function printGrokRule(rule: GrokRule): string {
  return `${rule.name} ${rule.pieces.map((p) => (typeof p === 'string' ? p : `%{${p.matcher}${p.target ? `:${p.target}` : ''}}`)).join('')}`;
}

// Datadog's grok `number` is a decimal floating point number; `data` is any string (`.*`).
const GROK_REGEX = { number: '(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)', data: '(.*)' } as const;

interface CompiledGrok {
  readonly regex: RegExp;
  readonly captures: readonly { readonly target?: string | undefined; readonly matcher: 'number' | 'data' }[];
}

// A rule is compiled to a regular expression once, not once per log line.
const compiledGroks = new WeakMap<GrokRule, CompiledGrok>();

function compileGrok(rule: GrokRule): CompiledGrok {
  let compiled = compiledGroks.get(rule);
  if (!compiled) {
    const captures: { target?: string | undefined; matcher: 'number' | 'data' }[] = [];
    const body = rule.pieces.map((p) => {
      if (typeof p === 'string') return p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      captures.push({ target: p.target, matcher: p.matcher });
      return GROK_REGEX[p.matcher];
    }).join('');
    compiled = { regex: new RegExp(`^${body}$`, 's'), captures };
    compiledGroks.set(rule, compiled);
  }
  return compiled;
}

function grokMatch(rule: GrokRule, text: string): Record<string, number | string> | undefined {
  const { regex, captures } = compileGrok(rule);
  const m = regex.exec(text);
  if (!m) return undefined;
  const out: Record<string, number | string> = {};
  captures.forEach((c, i) => {
    if (c.target) out[c.target] = c.matcher === 'number' ? Number(m[i + 1]) : m[i + 1]!;
  });
  return out;
}

/** A deep copy of parsed JSON (plain objects, arrays, primitives): what a log event holds. */
function copyJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copyJson(v);
    return out;
  }
  return value;
}

/** A log event being processed: nested attributes, its status. */
export interface ProcessedLog {
  attributes: Record<string, unknown>;
  status?: string;
}

function setAt(attributes: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = attributes;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) at[part] = {};
    at = at[part] as Record<string, unknown>;
  }
  at[parts[parts.length - 1]] = value;
}

/** A value as the arithmetic processor reads it: a number, or a string that converts to one; else missing. */
function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Evaluates a formula on a log; undefined when an attribute is missing or not numeric (Datadog skips). */
export function evaluateArithmetic(e: Arithmetic, attributes: Readonly<Record<string, unknown>>): number | undefined {
  switch (e.kind) {
    case 'number': return e.value;
    case 'attribute': return numeric(attributeAt(attributes, e.path));
    case 'binary': {
      const l = evaluateArithmetic(e.left, attributes);
      const r = evaluateArithmetic(e.right, attributes);
      if (l === undefined || r === undefined) return undefined;
      switch (e.op) {
        case '+': return l + r;
        case '-': return l - r;
        case '*': return l * r;
        case '/': return r === 0 ? undefined : l / r;
      }
    }
  }
}

// Category searches are parsed once per text, not once per log line.
const parsedSearches = new Map<string, ReturnType<typeof parseLogSearch>>();
function parsedSearch(query: string): ReturnType<typeof parseLogSearch> {
  let parsed = parsedSearches.get(query);
  if (!parsed) {
    parsed = parseLogSearch(query);
    parsedSearches.set(query, parsed);
  }
  return parsed;
}

/** Applies the processors in order to one log (a copy); what Datadog's pipeline would store. */
export function applyLogPipeline(model: LogPipelineModel, log: { readonly attributes: Readonly<Record<string, unknown>>; readonly tags?: readonly string[] }): ProcessedLog {
  const out: ProcessedLog = { attributes: copyJson(log.attributes) as Record<string, unknown> };
  for (const p of model.processors) {
    switch (p.type) {
      case 'arithmetic': {
        const v = evaluateArithmetic(p.expression, out.attributes);
        if (v !== undefined) setAt(out.attributes, p.target, Math.round(v * 1e9) / 1e9);
        break;
      }
      case 'grok': {
        const source = attributeAt(out.attributes, p.source);
        if (typeof source !== 'string') break;
        for (const rule of p.matchRules) {
          const found = grokMatch(rule, source);
          if (!found) continue;
          for (const [k, v] of Object.entries(found)) setAt(out.attributes, k, v);
          break;
        }
        break;
      }
      case 'category': {
        for (const c of p.categories) {
          const parsed = parsedSearch(c.query);
          if (parsed.ok && matchesLogSearch(parsed.query, { attributes: out.attributes, tags: log.tags ?? [] })) {
            setAt(out.attributes, p.target, c.name);
            break;
          }
        }
        break;
      }
      case 'attribute-remapper': {
        const source = p.sources.map((s) => attributeAt(out.attributes, s)).find((v) => v !== undefined && v !== '');
        if (source === undefined) break;
        const value = p.targetFormat === 'integer' ? Math.trunc(Number(source)) : p.targetFormat === 'double' ? Number(source) : p.targetFormat === 'string' ? String(source) : source;
        setAt(out.attributes, p.target, value);
        break;
      }
      case 'status-remapper': {
        const source = p.sources.map((s) => attributeAt(out.attributes, s)).find((v) => typeof v === 'string');
        if (typeof source === 'string') out.status = source;
        break;
      }
    }
  }
  return out;
}
