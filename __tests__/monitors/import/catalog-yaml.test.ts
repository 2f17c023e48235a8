import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { fastYamlValue } from '../../../constructs/monitors/import/catalog-yaml';
import { importMonitors, parseCatalogFile } from '../../../constructs/monitors/import';

/** What the `yaml` package reads (the reference the fast reader must equal). */
const viaYaml = (text: string) => parseDocument(text, { uniqueKeys: true }).toJS({ maxAliasCount: 100 }) as unknown;

describe('fast catalog YAML read', () => {
  it('reads a catalog written by the import of the real export corpus exactly as the yaml package does', () => {
    const dir = join(__dirname, 'corpus');
    const text = ['provider-cassettes.json', 'integrations-extras.json'].map((f) => readFileSync(join(dir, f), 'utf8'));
    const r = importMonitors(text.map((t, i) => ({ file: `export-${i}.json`, text: t })), { file: 'legacy.yaml', text: undefined });
    const catalog = r.catalog!.text;
    const fast = fastYamlValue(catalog);
    expect(fast).toBeDefined();
    expect(fast).toEqual(viaYaml(catalog));
  });

  it('types every YAML 1.2 core scalar as the yaml package does (and keeps YAML 1.1 words as strings)', () => {
    const values = ['~', 'null', 'Null', 'NULL', '', 'true', 'True', 'TRUE', 'false', 'FALSE', 'yes', 'no', 'on', 'off', 'y',
      '0', '-12', '+12', '007', '0o17', '0x1F', '0b101', '1_000', '1.5', '-.5', '5.', '1e3', '-1.5E-2', '.inf', '-.Inf', '+.INF', '.nan', '.NaN',
      '2024-01-01', '12:30', '"90"', "'true'", '0x', '1e', '.'];
    const text = `monitors:\n${values.map((v, i) => `  k${i}: ${v}`).join('\n')}\n  list: [1, "2", three, 4.0, null]\n  block: |\n    a\n    b\n`;
    const fast = fastYamlValue(text);
    expect(fast).toBeDefined();
    expect(fast).toEqual(viaYaml(text));
  });

  it('leaves aliases, directives and anything js-yaml refuses to the yaml package, so its limits and messages hold', () => {
    expect(fastYamlValue('monitors:\n  - &a { name: x }\n  - *a\n')).toBeUndefined();
    expect(fastYamlValue('%YAML 1.1\n---\nmonitors: []\n')).toBeUndefined();
    expect(fastYamlValue('monitors: []\nmonitors: []\n')).toBeUndefined();
    expect(parseCatalogFile('monitors: []\nmonitors: []\n', 'legacy.yaml').problems).toEqual([expect.stringMatching(/^legacy\.yaml: .*[Uu]nique/)]);
  });
});
