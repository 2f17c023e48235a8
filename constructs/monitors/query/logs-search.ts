/**
 * Datadog's log search syntax (the text of a `logs("…")` monitor, a pipeline filter, a log-based metric filter):
 * parsed into a small tree with 1-based columns in errors, and matched against a log event.
 *
 * What it accepts, from Datadog's "Log Search Syntax" page: free-text words and "quoted phrases"; `key:value` for tags
 * and reserved attributes (`service:web`, `env:prod`, `status:error`); `@attribute:value` for attributes, with
 * wildcards (`@http.url:/api/*`), numeric comparisons (`@http.status_code:>=500`) and ranges
 * (`@duration:[100 TO 200]`); `key:(a OR b)`; `AND`, `OR`, `NOT` and `-` (exclusion) with parentheses, terms side by
 * side meaning AND; `*` alone for everything; `\` escaping a special character. Operators are upper case (lower-case
 * `and` is a word to search for, as in Datadog).
 *
 * Refused, as Datadog's search bar refuses them: unbalanced parentheses or quotes, an operator with nothing on one
 * side, `key:` with no value, a comparison with no number, a range that is not `[low TO high]`.
 */

export type SearchNode =
  | { readonly type: 'all' }
  | { readonly type: 'and' | 'or'; readonly items: readonly SearchNode[] }
  | { readonly type: 'not'; readonly item: SearchNode }
  /** `key:value` (key undefined: free text). `value` may hold `*` and `?` wildcards. */
  | { readonly type: 'match'; readonly key?: string; readonly value: string; readonly phrase: boolean }
  | { readonly type: 'compare'; readonly key: string; readonly op: '>' | '>=' | '<' | '<='; readonly value: number }
  | { readonly type: 'range'; readonly key: string; readonly low: number | '*'; readonly high: number | '*' }
  /** `CIDR(@network.client.ip, 13.0.0.0/8, …)`. */
  | { readonly type: 'cidr'; readonly key: string; readonly blocks: readonly string[] };

export type SearchParseResult =
  | { readonly ok: true; readonly query: SearchNode }
  | { readonly ok: false; readonly error: { readonly column: number; readonly message: string } };

class SearchFailure {
  constructor(readonly offset: number, readonly message: string) {}
}

const OPERATORS = new Set(['AND', 'OR', 'NOT']);
/** Characters that end a bare word (they must be escaped with `\` inside one). */
const WORD_END = new Set([' ', '\t', '\n', '\r', '(', ')', '"']);

class SearchParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): SearchNode {
    this.skip();
    if (this.pos >= this.text.length) throw new SearchFailure(0, 'the search is empty; write * for every log');
    const node = this.or();
    this.skip();
    if (this.pos < this.text.length) {
      const c = this.text[this.pos];
      throw new SearchFailure(this.pos, c === ')' ? "')' has no matching '('" : `unexpected ${JSON.stringify(c)}`);
    }
    return node;
  }

  private skip(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  /** The operator word at the cursor, if any (a whole word: `ORDER` is a term). */
  private operator(): string | undefined {
    this.skip();
    for (const op of OPERATORS) {
      if (this.text.startsWith(op, this.pos)) {
        const next = this.text.charAt(this.pos + op.length);
        if (next === '' || /\s/.test(next) || next === '(' || next === '"' || next === '-') return op;
      }
    }
    return undefined;
  }

  private or(): SearchNode {
    const items = [this.and()];
    while (this.operator() === 'OR') {
      const at = this.pos;
      this.pos += 2;
      this.skip();
      if (this.atClauseEnd()) throw new SearchFailure(at, "'OR' needs a term on its right");
      items.push(this.and());
    }
    return items.length === 1 ? items[0] : { type: 'or', items };
  }

  private atClauseEnd(): boolean {
    this.skip();
    return this.pos >= this.text.length || this.text[this.pos] === ')';
  }

  private and(): SearchNode {
    const items = [this.unary()];
    for (;;) {
      if (this.atClauseEnd()) break;
      const op = this.operator();
      if (op === 'OR') break;
      if (op === 'AND') {
        const at = this.pos;
        this.pos += 3;
        if (this.atClauseEnd() || this.operator() === 'OR' || this.operator() === 'AND') throw new SearchFailure(at, "'AND' needs a term on its right");
      }
      items.push(this.unary());
    }
    return items.length === 1 ? items[0] : { type: 'and', items };
  }

  private unary(): SearchNode {
    this.skip();
    const op = this.operator();
    if (op === 'AND' || op === 'OR') throw new SearchFailure(this.pos, `'${op}' needs a term on its left`);
    if (op === 'NOT' || this.text[this.pos] === '-') {
      const at = this.pos;
      this.pos += op === 'NOT' ? 3 : 1;
      if (op !== 'NOT' && /\s/.test(this.text.charAt(this.pos))) throw new SearchFailure(at, "'-' excludes the term right after it; remove the space");
      if (this.atClauseEnd()) throw new SearchFailure(at, `'${op ?? '-'}' needs a term to exclude`);
      return { type: 'not', item: this.unary() };
    }
    return this.primary();
  }

  private primary(): SearchNode {
    const c = this.text[this.pos];
    if (c === '(') return this.group();
    if (this.text.startsWith('CIDR(', this.pos)) return this.cidr();
    if (c === '"') return { type: 'match', value: this.phrase(), phrase: true };
    const start = this.pos;
    const word = this.word();
    if (word === '') throw new SearchFailure(start, `expected a term, found ${JSON.stringify(c)}`);
    const colon = unescapedColon(word);
    if (colon < 0) return word === '*' ? { type: 'all' } : { type: 'match', value: unescape(word), phrase: false };
    const key = unescape(word.slice(0, colon));
    if (key === '' || key === '@') throw new SearchFailure(start, `'${word}' has no attribute or tag name before ':'`);
    const rest = word.slice(colon + 1);
    const valueAt = start + colon + 1;
    if (rest === '') {
      const next = this.text.charAt(this.pos);
      if (next === '"') return { type: 'match', key, value: this.phrase(), phrase: true };
      if (next === '(') return this.valueGroup(key);
      if (next === '[' || next === '{') return this.range(key, valueAt);
      throw new SearchFailure(valueAt, `'${key}:' has no value; write ${key}:<value>, ${key}:* for any value, or ${key}:(a OR b)`);
    }
    if (rest.startsWith('[') || rest.startsWith('{')) {
      this.pos = valueAt;
      return this.range(key, valueAt);
    }
    const cmp = /^(>=|<=|>|<)(.*)$/.exec(rest);
    if (cmp) {
      const value = Number(cmp[2]);
      if (cmp[2] === '' || !Number.isFinite(value)) throw new SearchFailure(valueAt, `'${key}:${cmp[1]}' compares with a number; got ${JSON.stringify(cmp[2])}`);
      return { type: 'compare', key, op: cmp[1] as '>' | '>=' | '<' | '<=', value };
    }
    return { type: 'match', key, value: unescape(rest), phrase: false };
  }

  /** `CIDR(@attribute, block, …)`: IPv4 or IPv6 blocks. */
  private cidr(): SearchNode {
    const open = this.pos;
    const close = this.text.indexOf(')', open);
    if (close < 0) throw new SearchFailure(open, "'CIDR(' is never closed");
    const [key, ...blocks] = this.text.slice(open + 5, close).split(',').map((a) => a.trim());
    if (!key || !key.startsWith('@') || key.length < 2) throw new SearchFailure(open, 'CIDR() takes an attribute first, e.g. CIDR(@network.client.ip, 10.0.0.0/8)');
    const bad = blocks.find((b) => !/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(b));
    if (blocks.length === 0 || bad !== undefined) throw new SearchFailure(open, `CIDR() takes one or more blocks after the attribute, e.g. 10.0.0.0/8${bad !== undefined ? ` (got ${JSON.stringify(bad)})` : ''}`);
    this.pos = close + 1;
    return { type: 'cidr', key, blocks };
  }

  private word(): string {
    const start = this.pos;
    while (this.pos < this.text.length && !WORD_END.has(this.text[this.pos])) {
      if (this.text[this.pos] === '\\') this.pos++;
      // A range value `[a TO b]` holds spaces: read it whole.
      if (this.text[this.pos] === '[' && this.text[this.pos - 1] === ':') break;
      this.pos++;
    }
    return this.text.slice(start, Math.min(this.pos, this.text.length));
  }

  private phrase(): string {
    const open = this.pos;
    this.pos++;
    let out = '';
    while (this.pos < this.text.length && this.text[this.pos] !== '"') {
      if (this.text[this.pos] === '\\') this.pos++;
      out += this.text.charAt(this.pos);
      this.pos++;
    }
    if (this.pos >= this.text.length) throw new SearchFailure(open, 'this quote is never closed');
    this.pos++;
    return out;
  }

  private group(): SearchNode {
    const open = this.pos;
    this.pos++;
    if (this.atClauseEnd()) {
      if (this.pos >= this.text.length) throw new SearchFailure(open, "'(' is never closed");
      throw new SearchFailure(open, "'()' is empty");
    }
    const inner = this.or();
    this.skip();
    if (this.text[this.pos] !== ')') throw new SearchFailure(open, "'(' is never closed");
    this.pos++;
    return inner;
  }

  /** `key:(a OR b c)`: every term of the group applies to the key. */
  private valueGroup(key: string): SearchNode {
    const open = this.pos;
    const inner = this.group();
    const bind = (n: SearchNode): SearchNode => {
      switch (n.type) {
        case 'match': return n.key === undefined ? { ...n, key } : n;
        case 'and': case 'or': return { type: n.type, items: n.items.map(bind) };
        case 'not': return { type: 'not', item: bind(n.item) };
        case 'all': return { type: 'match', key, value: '*', phrase: false };
        default: throw new SearchFailure(open, `'${key}:(…)' holds values, not comparisons, ranges or CIDR()`);
      }
    };
    return bind(inner);
  }

  private range(key: string, at: number): SearchNode {
    const close = this.text.indexOf(']', at);
    const body = close < 0 ? undefined : /^\[\s*(\S+)\s+TO\s+(\S+)\s*$/.exec(this.text.slice(at, close));
    const bound = (s: string): number | '*' | undefined => (s === '*' ? '*' : Number.isFinite(Number(s)) ? Number(s) : undefined);
    const low = body ? bound(body[1]) : undefined;
    const high = body ? bound(body[2]) : undefined;
    if (!body || low === undefined || high === undefined) {
      throw new SearchFailure(at, `'${key}:' range must be [low TO high] with numbers or *, e.g. ${key}:[100 TO 200]`);
    }
    this.pos = close + 1;
    return { type: 'range', key, low, high };
  }
}

function unescapedColon(word: string): number {
  for (let i = 0; i < word.length; i++) {
    if (word[i] === '\\') i++;
    else if (word[i] === ':') return i;
  }
  return -1;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** Parses a log search; never throws. */
export function parseLogSearch(text: string): SearchParseResult {
  try {
    return { ok: true, query: new SearchParser(text).parse() };
  } catch (e) {
    if (e instanceof SearchFailure) return { ok: false, error: { column: e.offset + 1, message: e.message } };
    throw e;
  }
}

/** `undefined` when the search parses, else `col N: message`. */
export function logSearchProblem(text: string): string | undefined {
  const r = parseLogSearch(text);
  return r.ok ? undefined : `col ${r.error.column}: ${r.error.message}`;
}

/** A log event as Datadog holds it: attributes (nested objects), reserved attributes, tags `key:value`. */
export interface SearchableLog {
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly tags?: readonly string[];
}

/** Reserved attributes are searched without `@` (`service:web`), like tags. */
const RESERVED_SEARCH_KEYS = new Set(['host', 'service', 'source', 'status', 'trace_id', 'message']);

// Paths are few (those of a pipeline's processors and searches) and read once per log line: split them once.
const splitPaths = new Map<string, readonly string[]>();

/** The value at a dotted path of nested objects (`http.status_code`). */
export function attributeAt(attributes: Readonly<Record<string, unknown>>, path: string): unknown {
  let parts = splitPaths.get(path);
  if (!parts) {
    parts = path.split('.');
    splitPaths.set(path, parts);
  }
  let at: unknown = attributes;
  for (const part of parts) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * Whether a log matches a parsed search: `@path` terms on attributes, reserved keys on reserved attributes, other keys
 * on tags, free text on `message`. Numbers compare as numbers. Enough to check what a pipeline or metric filter
 * selects from real log lines; Datadog's full-text tokenizer is not reproduced (free text is a substring match).
 */
export function matchesLogSearch(node: SearchNode, log: SearchableLog): boolean {
  switch (node.type) {
    case 'all': return true;
    case 'and': return node.items.every((n) => matchesLogSearch(n, log));
    case 'or': return node.items.some((n) => matchesLogSearch(n, log));
    case 'not': return !matchesLogSearch(node.item, log);
    case 'match': {
      const values = valuesFor(node.key, log);
      if (node.key === undefined && !node.phrase && !/[*?]/.test(node.value)) return values.some((v) => v.toLowerCase().includes(node.value.toLowerCase()));
      const re = wildcard(node.value);
      return values.some((v) => re.test(v));
    }
    case 'cidr': return valuesFor(node.key, log).some((ip) => node.blocks.some((b) => inIpv4Block(ip, b)));
    case 'compare': case 'range': {
      for (const v of valuesFor(node.key, log)) {
        const n = Number(v);
        if (!Number.isFinite(n)) continue;
        const inside = node.type === 'compare'
          ? (node.op === '>' ? n > node.value : node.op === '>=' ? n >= node.value : node.op === '<' ? n < node.value : n <= node.value)
          : (node.low === '*' || n >= node.low) && (node.high === '*' || n <= node.high);
        if (inside) return true;
      }
      return false;
    }
  }
}

const NONE: readonly string[] = [];
function str(v: unknown): readonly string[] {
  return v === undefined || v === null || typeof v === 'object' ? NONE : [String(v)];
}

function valuesFor(key: string | undefined, log: SearchableLog): readonly string[] {
  if (key === undefined) return str(log.attributes.message);
  if (key.startsWith('@')) return str(attributeAt(log.attributes, key.slice(1)));
  if (RESERVED_SEARCH_KEYS.has(key)) return str(log.attributes[key]);
  const prefix = `${key}:`;
  return (log.tags ?? []).filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));
}

/** IPv4 only: an IPv6 address or block never matches here (Datadog matches both). */
function inIpv4Block(ip: string, block: string): boolean {
  const toInt = (a: string) => {
    const parts = a.split('.').map(Number);
    return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts.reduce((n, p) => n * 256 + p, 0) : undefined;
  };
  const [base, bits] = block.split('/');
  const a = toInt(ip);
  const b = toInt(base);
  const n = Number(bits);
  if (a === undefined || b === undefined || n > 32) return false;
  const size = 2 ** (32 - n);
  return Math.floor(a / size) === Math.floor(b / size);
}
