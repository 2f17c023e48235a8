import { closest } from '../../constructs/monitors/query/vocabulary';
import type { ArgumentSchema, BlockSchema, ProviderSchemas, SchemaKind } from './provider-schema';

/** Meta-arguments Terraform takes on every resource and data source besides the provider's own arguments. */
const META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection', 'dynamic', '//']);
const PROVIDER_META = new Set(['alias', 'version', '//']);
const LIFECYCLE = new Set(['create_before_destroy', 'prevent_destroy', 'ignore_changes', 'replace_triggered_by', 'precondition', 'postcondition']);

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => x !== null && typeof x === 'object' && !Array.isArray(x);
/** A string with an interpolation is an expression: its type is known only at plan. */
const isExpression = (v: unknown) => typeof v === 'string' && v.includes('${');

/** One problem: `<path>: <message>`, the path in `addOverride`'s terms (`resource.datadog_monitor.x.notify_no_data`). */
export interface ValidationProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Checks one synthesized stack (`cdk.tf.json`, parsed) against the installed providers' schemas: resource, data
 * source and provider types; argument and block names, with did-you-mean; nesting; required arguments; primitive
 * types (as Terraform converts them: a number is a fine string, `"5"` a fine number); `lifecycle.ignore_changes`
 * names; and that every `import`/`moved` block goes to a declared resource. Types of providers that are not installed
 * are not checked (`unchecked` lists them).
 */
export function validateStack(doc: unknown, schemas: ProviderSchemas): { problems: ValidationProblem[]; unchecked: string[] } {
  const problems: ValidationProblem[] = [];
  const unchecked = new Set<string>();
  if (!isObj(doc)) return { problems: [{ path: '(top level)', message: 'not a Terraform JSON configuration object' }], unchecked: [] };
  const declared = new Set<string>();
  for (const [section, kind] of [['resource', 'resource'], ['data', 'data']] as const) {
    const types = doc[section];
    if (types === undefined) continue;
    if (!isObj(types)) {
      problems.push({ path: section, message: 'must be an object of types' });
      continue;
    }
    for (const [type, instances] of Object.entries(types)) {
      const at = `${section}.${type}`;
      if (!isObj(instances)) {
        problems.push({ path: at, message: 'must be an object of named blocks' });
        continue;
      }
      const schema = schemas.schema(kind, type);
      if (!schema) {
        const provider = schemas.packageFor(kind, type);
        if (!provider) {
          unchecked.add(type);
          continue;
        }
        const hint = closest(type, schemas.types(kind, provider));
        problems.push({ path: at, message: `provider ${provider} has no ${kind === 'data' ? 'data source' : 'resource type'} "${type}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
        continue;
      }
      for (const [name, body] of Object.entries(instances)) {
        if (section === 'resource') declared.add(`${type}.${name}`);
        checkBlock(body, schema, `${at}.${name}`, problems, true);
      }
    }
  }
  const providers = doc.provider;
  if (isObj(providers)) {
    for (const [name, configs] of Object.entries(providers)) {
      const schema = schemas.schema('provider', name);
      if (!schema) {
        unchecked.add(`provider ${name}`);
        continue;
      }
      (Array.isArray(configs) ? configs : [configs]).forEach((c, i) => checkBlock(c, schema, `provider.${name}${Array.isArray(configs) ? `[${i}]` : ''}`, problems, true, PROVIDER_META));
    }
  }
  for (const section of ['import', 'moved'] as const) {
    const blocks = doc[section];
    if (!Array.isArray(blocks)) continue;
    blocks.forEach((b, i) => {
      const to = isObj(b) ? b.to : undefined;
      if (typeof to !== 'string') problems.push({ path: `${section}[${i}]`, message: '"to" must be a resource address' });
      else if (!isExpression(to) && !declared.has(to.replace(/\[[^\]]*\]$/, ''))) {
        problems.push({ path: `${section}[${i}].to`, message: `${to} is not a resource of this stack${closest(to, [...declared]) ? ` (did you mean ${closest(to, [...declared])}?)` : ''}` });
      }
    });
  }
  return { problems, unchecked: [...unchecked].sort() };
}

function checkBlock(body: unknown, schema: BlockSchema, path: string, problems: ValidationProblem[], top: boolean, meta: ReadonlySet<string> = META): void {
  if (isExpression(body)) return;
  if (!isObj(body)) {
    problems.push({ path, message: `must be a block (an object), got ${JSON.stringify(body)}` });
    return;
  }
  for (const [key, value] of Object.entries(body)) {
    const arg = schema.arguments.get(key);
    if (!arg) {
      if (key === '//' || (top && meta.has(key))) {
        if (key === 'lifecycle') checkLifecycle(value, schema, `${path}.lifecycle`, problems);
        continue;
      }
      const hint = closest(key, [...schema.arguments.keys()]);
      problems.push({ path: `${path}.${key}`, message: `unknown argument "${key}"${hint ? ` (did you mean "${hint}"?)` : `; allowed: ${[...schema.arguments.keys()].join(', ')}`}` });
      continue;
    }
    checkValue(value, arg, `${path}.${key}`, problems);
  }
  for (const [key, arg] of schema.arguments) {
    if (arg.required && !(key in body)) problems.push({ path: `${path}.${key}`, message: `required argument "${key}" is missing` });
  }
}

function checkLifecycle(value: unknown, schema: BlockSchema, path: string, problems: ValidationProblem[]): void {
  if (!isObj(value)) return;
  for (const key of Object.keys(value)) {
    if (!LIFECYCLE.has(key)) problems.push({ path: `${path}.${key}`, message: `unknown lifecycle argument "${key}"${closest(key, [...LIFECYCLE]) ? ` (did you mean "${closest(key, [...LIFECYCLE])}"?)` : ''}` });
  }
  const ignore = value.ignore_changes;
  if (Array.isArray(ignore)) {
    ignore.forEach((a, i) => {
      const root = typeof a === 'string' ? a.split(/[.[]/)[0]! : undefined;
      if (root !== undefined && !schema.arguments.has(root)) {
        const hint = closest(root, [...schema.arguments.keys()]);
        problems.push({ path: `${path}.ignore_changes[${i}]`, message: `"${a}" is not an argument of this resource${hint ? ` (did you mean "${hint}"?)` : ''}` });
      }
    });
  }
}

function checkValue(value: unknown, arg: ArgumentSchema, path: string, problems: ValidationProblem[]): void {
  if (value === null || isExpression(value)) return;
  if (arg.block) {
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => checkBlock(item, arg.block!, Array.isArray(value) ? `${path}[${i}]` : path, problems, false));
    return;
  }
  if (arg.kind === 'list' || arg.kind === 'set') {
    if (!Array.isArray(value)) {
      problems.push({ path, message: `must be a list of ${arg.primitive === 'any' ? 'values' : `${arg.primitive}s`}, got ${JSON.stringify(value)}` });
      return;
    }
    value.forEach((v, i) => checkPrimitive(v, arg.primitive, `${path}[${i}]`, problems));
    return;
  }
  if (arg.kind === 'map') {
    if (!isObj(value)) {
      problems.push({ path, message: `must be a map (an object), got ${JSON.stringify(value)}` });
      return;
    }
    for (const [k, v] of Object.entries(value)) checkPrimitive(v, arg.primitive, `${path}.${k}`, problems);
    return;
  }
  checkPrimitive(value, arg.primitive, path, problems);
}

/** As Terraform converts values: numbers and booleans are fine strings; `"5"` is a fine number; `"true"` a boolean. */
function checkPrimitive(v: unknown, type: string, path: string, problems: ValidationProblem[]): void {
  if (v === null || isExpression(v) || type === 'any') return;
  const got = JSON.stringify(v);
  if (type === 'string' && (isObj(v) || Array.isArray(v))) problems.push({ path, message: `must be a string, got ${got.length > 60 ? `${got.slice(0, 57)}...` : got}` });
  if (type === 'number' && !(typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))))) problems.push({ path, message: `must be a number, got ${got}` });
  if (type === 'boolean' && !(typeof v === 'boolean' || v === 'true' || v === 'false')) problems.push({ path, message: `must be a boolean, got ${got}` });
}

/** Kinds a schema lookup takes, re-exported for callers. */
export type { SchemaKind };
