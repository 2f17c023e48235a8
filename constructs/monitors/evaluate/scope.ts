import type { Scope, ScopeExpression, TagFilter } from '../query';

/**
 * Does a series with these tags match a query scope? Comma style: every filter must hold (`!` negates); boolean
 * style: AND/OR/NOT/IN as written. `*` in a value is a wildcard, as in Datadog's tag search.
 */
export function matchesScope(scope: Scope, tags: readonly string[]): boolean {
  if (scope.style === 'all') return true;
  if (scope.style === 'comma') return scope.filters.every((f) => matchesFilter(f, tags));
  return matchesExpression(scope.expression, tags);
}

function matchesExpression(e: ScopeExpression, tags: readonly string[]): boolean {
  switch (e.type) {
    case 'tag':
      return matchesFilter(e, tags);
    case 'in': {
      const found = e.values.some((v) => hasTag(tags, `${e.key.text}:${v.text}`));
      return found !== e.negated;
    }
    case 'and':
      return e.operands.every((o) => matchesExpression(o, tags));
    case 'or':
      return e.operands.some((o) => matchesExpression(o, tags));
    case 'not':
      return !matchesExpression(e.operand, tags);
    case 'paren':
      return matchesExpression(e.inner, tags);
  }
}

function matchesFilter(f: TagFilter, tags: readonly string[]): boolean {
  return hasTag(tags, f.text) !== f.negated;
}

const globCache = new Map<string, RegExp>();

/** A tag (possibly with `*` wildcards) among the series' tags; tag search is case-insensitive in Datadog. */
export function hasTag(tags: readonly string[], wanted: string): boolean {
  if (!wanted.includes('*')) {
    const w = wanted.toLowerCase();
    return tags.some((t) => t.toLowerCase() === w);
  }
  let re = globCache.get(wanted);
  if (!re) {
    re = new RegExp(`^${wanted.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
    globCache.set(wanted, re);
  }
  return tags.some((t) => re.test(t));
}

/** The value of a tag key (`host` → `a` for `host:a`), or undefined. */
export function tagValue(tags: readonly string[], key: string): string | undefined {
  const prefix = `${key}:`;
  for (const t of tags) if (t.startsWith(prefix)) return t.slice(prefix.length);
  return undefined;
}

/** Parses `metric{a:b,c:d}` (the test-file and CSV notation of one series) into name and tags. */
export function parseSeriesSelector(text: string): { metric: string; tags: string[] } | string {
  const m = /^\s*([^{}\s]+)\s*(?:\{([^{}]*)\})?\s*$/.exec(text);
  if (!m) return `${JSON.stringify(text)} is not a series; expected metric{tag:value,…}, e.g. system.cpu.user{env:prod,host:a}`;
  const tags = (m[2] ?? '').split(',').map((t) => t.trim()).filter((t) => t.length > 0 && t !== '*');
  return { metric: m[1], tags };
}
