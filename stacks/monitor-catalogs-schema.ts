import { z } from 'zod';

/*
 * `accounts[].monitors.catalogs`: monitor catalog files (written by `houndstack monitors import`, or by hand). Schema
 * only (no cdktf), so that checking the accounts file stays light; stacks/monitor-catalogs.ts reads the files.
 */

/** One `monitors.catalogs` entry. */
export const catalogRefSchema = z.strictObject({
  /** Names the catalog (`monitors/catalog-<name>`) and so every address in it: keep it stable. */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes (it names the catalog and its addresses)'),
  /** YAML or JSON catalog file, relative to the accounts file. */
  file: z.string().min(1),
  /**
   * Hygiene rules not applied to this catalog's monitors, each with the reviewer's reason — e.g. HS-MON-1 on a fleet
   * just imported, until its pages have runbooks. Create-time rules cannot be suppressed.
   */
  suppress: z.array(z.strictObject({
    rule: z.string().regex(/^HS-[A-Z]+-\d+$/, 'must be a rule ID such as HS-MON-1'),
    reason: z.string().trim().min(1, 'say why, for the reviewer'),
  })).optional(),
});

export const catalogsSchema = z.array(catalogRefSchema);
export type CatalogRef = z.output<typeof catalogRefSchema>;

/** Duplicate catalog names of one account (they would share addresses). */
export function catalogRefProblems(at: string, refs: readonly CatalogRef[]): string[] {
  return refs.flatMap((r, i) => (refs.findIndex((o) => o.name === r.name) !== i ? [`${at}.catalogs[${i}].name: "${r.name}" appears twice; names become addresses and must be unique`] : []));
}

