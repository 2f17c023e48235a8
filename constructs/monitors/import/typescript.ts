import type { ImportedMonitor } from './from-datadog';
import { entryObject } from './catalog-file';

/**
 * The imported monitors as a TypeScript module of `CatalogEntry`s (key = monitor ID, `monitorId` adopts it), for teams
 * that keep monitors in code: `new MonitorCatalog(stack, 'legacy', { monitors: importedMonitors })`.
 */
export function catalogEntriesToTypeScript(monitors: readonly ImportedMonitor[], options: { importFrom?: string; exportName?: string; sources?: readonly string[] } = {}): string {
  const from = options.importFrom ?? 'houndstack';
  const name = options.exportName ?? 'importedMonitors';
  const lines = [
    `// Written by \`houndstack monitors import\`${options.sources && options.sources.length > 0 ? ` from ${options.sources.join(', ')}` : ''}.`,
    '// Each entry adopts the Datadog monitor of its ID (an import block at synth); its spec reproduces the monitor as',
    '// provider 3.82.0 reads it back, so the first plan shows no change.',
    `import type { CatalogEntry } from ${JSON.stringify(from)};`,
    '',
    `export const ${name}: CatalogEntry[] = [`,
  ];
  for (const m of monitors) {
    const { id, ...spec } = entryObject(m);
    lines.push(`  { key: ${literal(id, 1)}, monitorId: ${literal(id, 1)}, spec: ${literal(spec, 2)} },`);
  }
  lines.push('];', '');
  return lines.join('\n');
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A value as a TypeScript literal: single-quoted strings, unquoted identifier keys. */
function literal(v: unknown, depth: number): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => literal(x, depth + 1)).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const parts = Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => `${IDENT.test(k) ? k : JSON.stringify(k)}: ${literal(x, depth + 1)}`);
    return `{ ${parts.join(', ')} }`;
  }
  return 'undefined';
}
