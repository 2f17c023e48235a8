/**
 * Terraform reads every string of its JSON as a template: `${…}` is an interpolation, `%{…}` a directive. A literal
 * string (a monitor message with `kubectl logs -l app=${APP}`, a name with `%{x}`) must be written `$${`, `%%{`.
 * cdktf's own tokens (`${TfToken[…]}`) resolve to references later and must stay as they are: escape only the
 * literal text around them.
 */

const TOKEN = /\$\{TfToken\[[^\]]*\]\}/g;

/** `text` with `${` and `%{` escaped for Terraform, except cdktf tokens. Cheap when there is nothing to escape. */
export function escapeTerraformTemplate(text: string): string {
  if (!text.includes('{')) return text;
  if (!text.includes('${') && !text.includes('%{')) return text;
  if (!text.includes('TfToken[')) return escapeLiteral(text);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    out += escapeLiteral(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escapeLiteral(text.slice(last));
}

/**
 * Every `${` becomes `$${` and every `%{` becomes `%%{`: the text is literal, so a `$${` already in it is written
 * `$$${`, which Terraform reads back as `$${`.
 */
function escapeLiteral(text: string): string {
  return text.replace(/[$%]\{/g, (pair) => pair[0] + pair);
}

/** Escapes every string of a plain JSON value (plain objects, arrays), keys untouched. Returns the same value if unchanged. */
export function escapeTerraformStrings<T>(value: T): T {
  if (typeof value === 'string') return escapeTerraformTemplate(value) as T;
  // Copy on write: nothing is allocated until a string changes, which is rare (most text holds no `${` or `%{`).
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as unknown;
      const e = escapeTerraformStrings(item);
      if (e !== item && !out) out = value.slice(0, i);
      if (out) out.push(e);
    }
    return (out ?? value) as T;
  }
  // Plain objects only: a token object (IResolvable) or a class instance is cdktf's, left as it is.
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    const source = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const k in source) {
      const v = source[k];
      const e = escapeTerraformStrings(v);
      if (e !== v && !out) {
        // The keys before k, unchanged, in their order; then k and the rest as they come.
        out = {};
        for (const before in source) {
          if (before === k) break;
          out[before] = source[before];
        }
      }
      if (out) out[k] = e;
    }
    return (out ?? value) as T;
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
