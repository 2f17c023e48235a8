/**
 * Datadog's naming rules. Metric names: start with a letter, then ASCII letters, digits, underscores and periods,
 * at most 200 characters; anything else is rewritten (to `_`) or dropped by the intake, so the series people
 * chart and alert on would not be the one they wrote. Tag keys: start with a letter; letters, digits, `_ - : . /`.
 */
export const METRIC_NAME_MAX = 200;

export function metricNameProblem(name: string): string | undefined {
  if (name.length > METRIC_NAME_MAX) return `metric name "${name}" is ${name.length} characters; Datadog allows ${METRIC_NAME_MAX}`;
  if (!/^[A-Za-z]/.test(name)) return `metric name "${name}" must start with a letter`;
  const bad = name.match(/[^A-Za-z0-9_.]/g);
  if (bad) {
    const chars = [...new Set(bad)].map((c) => JSON.stringify(c)).join(', ');
    return `metric name "${name}" has ${chars}; Datadog allows only ASCII letters, digits, "_" and "."`;
  }
  if (name.includes('..') || name.endsWith('.')) return `metric name "${name}" has an empty segment`;
  return undefined;
}

export function tagKeyProblem(key: string): string | undefined {
  if (!/^[A-Za-z]/.test(key)) return `tag name "${key}" must start with a letter`;
  if (/[^A-Za-z0-9_\-:./]/.test(key)) return `tag name "${key}" may contain only letters, digits, "_", "-", ":", "." and "/"`;
  if (key.length > METRIC_NAME_MAX) return `tag name "${key}" is longer than ${METRIC_NAME_MAX} characters`;
  return undefined;
}

/** A `key:value` (or bare) tag as given in `tags:` lists. */
export function tagProblem(tag: string): string | undefined {
  if (!/^[A-Za-z]/.test(tag)) return `tag "${tag}" must start with a letter`;
  const bad = tag.match(/[^A-Za-z0-9_\-:./]/g);
  if (bad) {
    const chars = [...new Set(bad)].map((c) => JSON.stringify(c)).join(', ');
    return `tag "${tag}" has ${chars}; Datadog turns it into "_" (allowed: letters, digits, "_", "-", ":", ".", "/")`;
  }
  if (tag.length > METRIC_NAME_MAX) return `tag "${tag}" is longer than ${METRIC_NAME_MAX} characters`;
  return undefined;
}
