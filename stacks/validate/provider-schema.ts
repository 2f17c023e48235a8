import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Terraform schemas of resources, data sources and providers, derived offline from the installed cdktf provider
 * packages (`@cdktf/provider-*`): each module's generated `*ToHclTerraform` mappings give every argument's Terraform
 * name, whether it is a block, its collection type and primitive type; its `index.d.ts` says which are required.
 * Only the modules a configuration uses are read (one resource: a few ms), never the packages' 45–130 MB `.jsii`.
 */

export type Primitive = 'string' | 'number' | 'boolean' | 'any';

/** One argument of a resource or block. */
export interface ArgumentSchema {
  /** `simple` value, `list`/`set` of values or blocks, `map` of values, or a nested `block`/object. */
  readonly kind: 'simple' | 'list' | 'set' | 'map' | 'block';
  /** Element type of a value, a list, a set or a map. */
  readonly primitive: Primitive;
  /** Nested schema of a block (or of an object-typed attribute). */
  readonly block?: BlockSchema;
  readonly required: boolean;
}

export interface BlockSchema {
  readonly arguments: ReadonlyMap<string, ArgumentSchema>;
}

/** One installed provider package. */
interface ProviderPackage {
  /** Terraform provider name, e.g. `datadog`. */
  readonly name: string;
  readonly lib: string;
}

/** Where the provider packages are: the project's node_modules/@cdktf. */
function providerPackages(from: string): ProviderPackage[] {
  const out: ProviderPackage[] = [];
  let dir = from;
  for (;;) {
    const scope = join(dir, 'node_modules', '@cdktf');
    if (existsSync(scope)) {
      for (const pkg of readdirSync(scope)) {
        if (!pkg.startsWith('provider-') || pkg === 'provider-generator' || pkg === 'provider-schema') continue;
        const lib = join(scope, pkg, 'lib');
        const provider = join(lib, 'provider', 'index.js');
        if (!existsSync(provider)) continue;
        const m = /\.tfResourceType = "([^"]+)"/.exec(readFileSync(provider, 'utf8'));
        if (m) out.push({ name: m[1]!, lib });
      }
      return out;
    }
    const up = dirname(dir);
    if (up === dir) return out;
    dir = up;
  }
}

const ENTRY = /(\w+): \{\s*value: ([^\n]*),\s*isBlock: (true|false),\s*type: "(\w+)",\s*storageClassType: "(\w+)",\s*\}/g;

interface RawAttr {
  readonly name: string;
  readonly camel: string | undefined;
  readonly nested: string | undefined;
  readonly isBlock: boolean;
  readonly type: string;
  readonly storage: string;
}

function entries(body: string): RawAttr[] {
  const out: RawAttr[] = [];
  for (const m of body.matchAll(ENTRY)) {
    const value = m[2]!;
    const camel = /(?:struct\.|this\._)(\w+)/.exec(value)?.[1];
    const nested = /(?<!cdktf\.)\b(\w+)ToHclTerraform\b/.exec(value)?.[1];
    out.push({ name: m[1]!, camel, nested, isBlock: m[3] === 'true', type: m[4]!, storage: m[5]! });
  }
  return out;
}

/** Every interface of a `.d.ts`: name → camelCase property → required. */
function interfaces(dts: string): Map<string, Map<string, boolean>> {
  const out = new Map<string, Map<string, boolean>>();
  for (const m of dts.matchAll(/export interface (\w+)(?: extends [^{]+)? \{([\s\S]*?)\n\}/g)) {
    const props = new Map<string, boolean>();
    for (const p of m[2]!.matchAll(/readonly (\w+)(\?)?:/g)) props.set(p[1]!, p[2] !== '?');
    out.set(m[1]!, props);
  }
  return out;
}

const PRIMITIVES: Record<string, Primitive> = { string: 'string', number: 'number', boolean: 'boolean' };

function primitiveOf(storage: string): Primitive {
  const base = storage.replace(/(List|Map)$/, '');
  return PRIMITIVES[base] ?? 'any';
}

/** Parses one module (`lib/<name>/index.js` and `.d.ts`) into the schema of its resource class. */
export function moduleSchema(js: string, dts: string): { type: string; schema: BlockSchema } | undefined {
  const cls = /\n(\w+)\.tfResourceType = "([^"]+)";/.exec(js);
  if (!cls) return undefined;
  const className = cls[1]!;
  const ifaces = interfaces(dts);
  const fns = new Map<string, RawAttr[]>();
  for (const m of js.matchAll(/function (\w+)ToHclTerraform\(struct\) \{([\s\S]*?)\n\}/g)) fns.set(m[1]!, entries(m[2]!));
  const top = /synthesizeHclAttributes\(\) \{([\s\S]*?)\n    \}/.exec(js);
  if (!top) return undefined;
  const build = (attrs: RawAttr[], iface: string, seen: Set<string>): BlockSchema => {
    const required = ifaces.get(iface);
    const args = new Map<string, ArgumentSchema>();
    for (const a of attrs) {
      let block: BlockSchema | undefined;
      if (a.nested && fns.has(a.nested) && !seen.has(a.nested)) {
        block = build(fns.get(a.nested)!, a.nested[0]!.toUpperCase() + a.nested.slice(1), new Set([...seen, a.nested]));
      }
      const kind: ArgumentSchema['kind'] = a.isBlock || (block && a.type === 'simple') ? (a.type === 'set' || a.type === 'list' ? a.type : 'block') : (a.type as ArgumentSchema['kind']);
      args.set(a.name, {
        kind: block && (kind === 'simple' || kind === 'map') ? 'block' : kind,
        primitive: block ? 'any' : primitiveOf(a.storage),
        ...(block ? { block } : {}),
        required: a.camel !== undefined && required?.get(a.camel) === true,
      });
    }
    return { arguments: args };
  };
  return { type: cls[2]!, schema: build(entries(top[1]!), `${className}Config`, new Set()) };
}

/** What kind of block a schema is for. */
export type SchemaKind = 'resource' | 'data' | 'provider';

/** Loads schemas on demand from the installed packages; caches each module. */
export class ProviderSchemas {
  private readonly packages: ProviderPackage[];
  private readonly cache = new Map<string, BlockSchema | null>();
  private readonly typeLists = new Map<string, string[]>();

  constructor(projectDir: string = process.cwd()) {
    this.packages = providerPackages(projectDir);
  }

  /** Terraform names of the installed providers. */
  public get providers(): string[] {
    return this.packages.map((p) => p.name);
  }

  /** The schema of `type` (`datadog_monitor`; for data sources, without `data.`), or undefined when not installed. */
  public schema(kind: SchemaKind, type: string): BlockSchema | undefined {
    const key = `${kind}:${type}`;
    if (this.cache.has(key)) return this.cache.get(key) ?? undefined;
    const found = this.load(kind, type);
    this.cache.set(key, found ?? null);
    return found;
  }

  /** The package that would hold `type`, when one is installed (its provider name is the type's prefix). */
  public packageFor(kind: SchemaKind, type: string): string | undefined {
    const name = kind === 'provider' ? type : type.split('_')[0];
    return this.packages.find((p) => p.name === name)?.name;
  }

  /** Every resource (or data source) type of a provider, for did-you-mean. */
  public types(kind: SchemaKind, provider: string): string[] {
    const key = `${kind}:${provider}`;
    let list = this.typeLists.get(key);
    if (!list) {
      const pkg = this.packages.find((p) => p.name === provider);
      const dirs = pkg ? readdirSync(pkg.lib) : [];
      list = dirs
        .filter((d) => (kind === 'data' ? d.startsWith(`data-${provider}-`) : !d.startsWith('data-') && d !== 'provider'))
        .map((d) => (kind === 'data' ? d.slice(5) : `${provider}-${d}`).replace(/-/g, '_'));
      this.typeLists.set(key, list);
    }
    return list;
  }

  private load(kind: SchemaKind, type: string): BlockSchema | undefined {
    const provider = this.packageFor(kind, type);
    const pkg = this.packages.find((p) => p.name === provider);
    if (!pkg) return undefined;
    const dir = kind === 'provider' ? 'provider' : kind === 'data' ? `data-${type.replace(/_/g, '-')}` : type.slice(pkg.name.length + 1).replace(/_/g, '-');
    const js = join(pkg.lib, dir, 'index.js');
    if (!existsSync(js)) return undefined;
    const parsed = moduleSchema(readFileSync(js, 'utf8'), readFileSync(join(pkg.lib, dir, 'index.d.ts'), 'utf8'));
    const expected = kind === 'data' ? type : type;
    return parsed && (parsed.type === expected || kind === 'provider') ? parsed.schema : undefined;
  }
}
