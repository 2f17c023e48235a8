import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * houndstack's version, read from its own package.json at run time. Not `import … from '../package.json'`: the
 * sources (cli/) and the compiled CLI (dist/cli/) sit at different depths, and tsc would copy package.json into dist/.
 */
export function houndstackVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    let manifest: { name?: unknown; version?: unknown } | undefined;
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    } catch {
      manifest = undefined; // none here (or unreadable): look further up
    }
    if (manifest?.name === 'houndstack' && typeof manifest.version === 'string') return manifest.version;
    if (dirname(dir) === dir) return 'unknown';
  }
}
