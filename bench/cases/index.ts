/* eslint-disable @typescript-eslint/no-require-imports -- lazy, synchronous loads (also under `node --require tsx/cjs`) */
/** The bench's cases: name → what it synthesizes. Each runs in its own child process (bench/case.ts). */
export interface BenchCase {
  readonly description: string;
  /** What n counts. */
  readonly unit: 'monitors' | 'stacks';
  /** Required lazily, so that a case's child loads only its own modules. */
  readonly load: () => (n: number, outdir: string) => void;
  /** Builds the case's own input before the clock starts (as every monitor case's specs are). @default - none */
  readonly prepare?: () => (n: number) => void;
}

export const CASES: Record<string, BenchCase> = {
  baseline: { description: 'one stack, no monitors: the fixed cost (Node, loader, cdktf, provider classes)', unit: 'stacks', load: () => require('./baseline').run },
  naive: { description: 'one DatadogMonitor (provider Monitor object) per monitor', unit: 'monitors', load: () => require('./naive').run },
  catalog: { description: 'one MonitorCatalog', unit: 'monitors', load: () => require('./catalog').run },
  'catalog+rules': { description: 'one MonitorCatalog with the hygiene rules (as main.ts applies them)', unit: 'monitors', load: () => require('./catalog-rules').run },
  sharded: { description: 'MonitorCatalogs in shard stacks by team, one per 1,000 monitors (40 at 11,000, 100 at 100,000)', unit: 'monitors', load: () => require('./sharded').run },
  'sharded+rules': { description: 'the sharded case with the hygiene rules across all shards (as main.ts applies them)', unit: 'monitors', load: () => require('./sharded').withRules },
  floor: { description: 'renderMonitor + escape + cdktf\'s // metadata + plain JSON.stringify, no cdktf: the same file content', unit: 'monitors', load: () => require('./floor').run },
  'floor-bare': { description: 'the floor without the // metadata (renderMonitor + escape + JSON.stringify)', unit: 'monitors', load: () => require('./floor').bare },
  imported: { description: 'one MonitorCatalog of n real exported monitors as `monitors import` writes them, one import block each (entries already read)', unit: 'monitors', load: () => require('./imported').run, prepare: () => require('./imported').prepare },
  'imported-file': { description: 'the imported catalog from its YAML file, as monitors.catalogs reads it: read and check, then synth', unit: 'monitors', load: () => require('./imported').fromFile, prepare: () => require('./imported').prepare },
  'imported-floor': { description: "the imported catalog's floor: renderMonitor + escape + // metadata + import blocks, one JSON.stringify", unit: 'monitors', load: () => require('./imported').floor, prepare: () => require('./imported').prepare },
  accounts: { description: 'account stacks with the AWS integration (main.ts buildApp)', unit: 'stacks', load: () => require('./accounts').run },
  'alt-light': { description: '(b) one light TerraformResource per monitor', unit: 'monitors', load: () => require('./alternatives').light },
  'alt-foreach': { description: '(a) one Monitor with for_each over a local map', unit: 'monitors', load: () => require('./alternatives').forEach },
  'alt-element': { description: '(c) one element, all three resolve passes', unit: 'monitors', load: () => require('./alternatives').element },
  'alt-patch': { description: "(d) the catalog's mechanism alone: bodies spliced in after resolve, no keys or validation", unit: 'monitors', load: () => require('./alternatives').patch },
  'alt-override': { description: "(c') stack-level overrides, one resolve pass", unit: 'monitors', load: () => require('./alternatives').override },
};
