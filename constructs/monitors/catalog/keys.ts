/**
 * Monitor keys and Terraform addresses. A key is the catalog's stable name for a monitor; the resource address is
 * derived from the catalog's construct id and the key only, so adding, removing or re-ordering other monitors never
 * moves a monitor in Terraform state.
 */

/** What an explicit key may contain: it survives renames of the monitor, so keep it short and boring. */
export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,199}$/;

/**
 * The default key of a monitor: its name, lower-cased, every run of other characters than a-z and 0-9 replaced
 * by one '-'. `[team-x] CPU high on {{host.name}}` → `team-x-cpu-high-on-host-name`.
 * Renaming the monitor changes this key and so its address (destroy and create): set an explicit key to rename freely.
 */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The Terraform resource name (the part after `datadog_monitor.`) of `key` in the catalog `catalogId`:
 * `<catalogId>_<key>` with every character outside `A-Za-z0-9_-` replaced by '_'. Terraform names must start with a
 * letter or '_'; a leading digit gets a '_' in front.
 */
export function resourceNameOf(catalogId: string, key: string): string {
  const raw = `${catalogId}_${key}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(raw) ? raw : `_${raw}`;
}

/**
 * FNV-1a over UTF-16 code units, finished with murmur3's avalanche step: a small, fast, stable 32-bit hash (same
 * value on every machine and Node version) whose bits all depend on every input character.
 */
export function stableHash(text: string): number {
  return stableHashFrom(stableHashPrefix(''), text);
}

/** The FNV-1a state after `prefix` (`stableHashFrom(stableHashPrefix(a), b) === stableHash(a + b)`). */
export function stableHashPrefix(prefix: string, state = 0x811c9dc5): number {
  let h = state;
  for (let i = 0; i < prefix.length; i++) {
    h ^= prefix.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** `stableHash(<prefix> + text)` from the state `stableHashPrefix(<prefix>)`. */
export function stableHashFrom(state: number, text: string): number {
  let h = stableHashPrefix(text, state);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
