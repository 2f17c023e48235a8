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
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const e = escapeTerraformStrings(item);
      if (e !== item) changed = true;
      return e;
    });
    return (changed ? out : value) as T;
  }
  // Plain objects only: a token object (IResolvable) or a class instance is cdktf's, left as it is.
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const e = escapeTerraformStrings(v);
      if (e !== v) changed = true;
      out[k] = e;
    }
    return (changed ? out : value) as T;
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
