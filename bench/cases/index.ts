/** The bench's cases: name → what it synthesizes. Each runs in its own child process (bench/case.ts). */
export interface BenchCase {
  readonly description: string;
  /** What n counts. */
  readonly unit: 'monitors' | 'stacks';
  /** Imported lazily, so that a case's child loads only its own modules. */
  readonly load: () => Promise<(n: number, outdir: string) => void>;
}

export const CASES: Record<string, BenchCase> = {
  naive: { description: 'one DatadogMonitor (provider Monitor object) per monitor', unit: 'monitors', load: async () => (await import('./naive')).run },
  catalog: { description: 'one MonitorCatalog', unit: 'monitors', load: async () => (await import('./catalog')).run },
  sharded: { description: 'MonitorCatalogs in 40 stacks, sharded by team', unit: 'monitors', load: async () => (await import('./sharded')).run },
  floor: { description: 'renderMonitor + plain JSON.stringify, no cdktf', unit: 'monitors', load: async () => (await import('./floor')).run },
  accounts: { description: 'account stacks with the AWS integration (main.ts buildApp)', unit: 'stacks', load: async () => (await import('./accounts')).run },
  'alt-light': { description: '(b) one light TerraformResource per monitor', unit: 'monitors', load: async () => (await import('./alternatives')).light },
  'alt-foreach': { description: '(a) one Monitor with for_each over a local map', unit: 'monitors', load: async () => (await import('./alternatives')).forEach },
  'alt-element': { description: '(c) one element, all three resolve passes', unit: 'monitors', load: async () => (await import('./alternatives')).element },
  'alt-patch': { description: '(d) bodies added after resolve (wrapped stack toTerraform)', unit: 'monitors', load: async () => (await import('./alternatives')).patch },
  'alt-override': { description: "(c') stack-level overrides, one resolve pass", unit: 'monitors', load: async () => (await import('./alternatives')).override },
};
