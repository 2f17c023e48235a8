import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJsonText, parseYamlText, readJsonFile, readTextFile, readYamlFile } from '../../cli/input';

describe('cli/input: reading an input file gives its value or one line naming the file', () => {
  let dir: string;
  const at = (name: string) => join(dir, name);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'houndstack-input-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads UTF-8 text, without a byte-order mark', () => {
    writeFileSync(at('ok.txt'), '\ufeffavg(last_5m):avg:system.cpu.user{*} > 90\n');
    expect(readTextFile(at('ok.txt'))).toEqual({ ok: true, file: at('ok.txt'), value: 'avg(last_5m):avg:system.cpu.user{*} > 90\n' });
  });

  it('a missing file', () => {
    expect(readTextFile(at('missing.yaml'))).toEqual({ ok: false, file: at('missing.yaml'), problem: `${at('missing.yaml')}: no such file` });
  });

  it('a directory', () => {
    mkdirSync(at('conf.d'));
    expect(readYamlFile(at('conf.d'))).toMatchObject({ ok: false, problem: `${at('conf.d')}: is a directory, not a file` });
  });

  it('an unreadable file (a symbolic link that loops)', () => {
    symlinkSync(at('loop-b'), at('loop-a'));
    symlinkSync(at('loop-a'), at('loop-b'));
    expect(readTextFile(at('loop-a'))).toMatchObject({ ok: false, problem: `${at('loop-a')}: cannot read it: too many levels of symbolic links` });
  });

  it('an unreadable file (a read that fails with EIO)', () => {
    expect(readTextFile('/proc/self/mem')).toMatchObject({ ok: false, problem: '/proc/self/mem: cannot read it: input/output error' });
  });

  it('an empty file, or YAML with only comments, unless empty is allowed', () => {
    writeFileSync(at('empty.yaml'), '');
    writeFileSync(at('comments.yaml'), '# accounts: to be written\n\n');
    expect(readYamlFile(at('empty.yaml'))).toMatchObject({ ok: false, problem: `${at('empty.yaml')}: is empty` });
    expect(readYamlFile(at('comments.yaml'))).toMatchObject({
      ok: false,
      problem: `${at('comments.yaml')}: is empty (no YAML document, only comments or blank lines)`,
    });
    expect(readYamlFile(at('comments.yaml'), { allowEmpty: true })).toMatchObject({ ok: true, value: null });
    expect(readTextFile(at('empty.yaml'), { allowEmpty: true })).toMatchObject({ ok: true, value: '' });
  });

  it('binary content is described by offset, never echoed', () => {
    const secretish = 'AKIAIOSFODNN7EXAMPLE';
    writeFileSync(at('blob.yaml'), Buffer.concat([Buffer.from(`key: ${secretish}\n`), Buffer.from([0x89, 0x50, 0x00, 0x01])]));
    writeFileSync(at('latin1.yaml'), Buffer.concat([Buffer.from('name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const blob = readYamlFile(at('blob.yaml'));
    expect(blob).toMatchObject({ ok: false, problem: `${at('blob.yaml')}: binary data, not text (a NUL byte at offset 28)` });
    expect(JSON.stringify(blob)).not.toContain(secretish);
    expect(readYamlFile(at('latin1.yaml'))).toMatchObject({ ok: false, problem: `${at('latin1.yaml')}: not UTF-8 text (invalid byte sequence at offset 9)` });
  });

  it('a file above the size limit is refused before it is read', () => {
    writeFileSync(at('huge.json'), Buffer.alloc(2 * 1024 * 1024, 0x20));
    expect(readJsonFile(at('huge.json'), { maxBytes: 1024 * 1024 })).toMatchObject({
      ok: false,
      problem: `${at('huge.json')}: too large: 2.0 MiB, the limit is 1.0 MiB`,
    });
  });

  it('malformed YAML: line, column and the parser\'s reason, without the code frame', () => {
    expect(parseYamlText('accounts:\n  - alias: a\n    tags: [x,\n  - alias: b\n', 'accounts.yaml')).toEqual({
      ok: false,
      file: 'accounts.yaml',
      problem: 'accounts.yaml: line 4, column 3: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    });
    expect(parseYamlText('datadog: {}\ndatadog: {}\n', 'accounts.yaml')).toMatchObject({
      problem: 'accounts.yaml: line 2, column 1: not valid YAML: Map keys must be unique',
    });
  });

  it('malformed JSON: line and column, and the input is not quoted', () => {
    expect(parseJsonText('{\n  "data": {\n    "permissions": [ "ec2:Describe*", ]\n  }\n}\n', 'standard.json')).toEqual({
      ok: false,
      file: 'standard.json',
      problem: "standard.json: line 3, column 39: not valid JSON: expected a value, found ']'",
    });
    expect(parseJsonText('{"key": ddapikeyabcdef}', 'x.json')).toMatchObject({
      problem: "x.json: line 1, column 9: not valid JSON: expected a value, found 'd'",
    });
    expect(parseJsonText('[1, 2', 'x.json')).toMatchObject({ problem: "x.json: line 1, column 6: not valid JSON: expected ',' or ']', found the end of the input" });
    expect(parseJsonText('{"a": 1}', 'x.json')).toEqual({ ok: true, file: 'x.json', value: { a: 1 } });
  });
});
