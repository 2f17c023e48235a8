import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { catalogEntriesToTypeScript, formatFinding, importMonitors, type NamedText } from '../constructs/monitors/import';
import { readTextFile } from './input';

interface ImportOptions {
  out?: string;
  ts?: string;
  tsImport: string;
  json?: boolean;
}

/** `houndstack monitors import <export.json>...`: Datadog's monitor JSON → a monitor catalog file (and/or TypeScript). */
export function monitorsImportCommand(): Command {
  return new Command('import')
    .summary('turn exported Datadog monitors into a catalog file that adopts them')
    .description(
      [
        'Read Datadog monitor JSON (the UI\'s "Export monitor", GET /api/v1/monitor or /api/v1/monitor/<id>: one object,',
        'an array, or {"monitors": [...]}) and write a monitor catalog file: one MonitorSpec per monitor with its Datadog ID.',
        'List the file in the accounts file (accounts[].monitors.catalogs: [{ name, file }]); synth then writes an import',
        'block per ID, and the first terraform plan shows no changes.',
        '',
        'With --out, an existing catalog file is updated in place by monitor ID: changed entries are replaced where they',
        'stand, new ones appended, untouched ones kept with their comments. Without --out and --ts, the catalog goes to stdout.',
        '',
        'Prints one line per finding, naming the file and the monitor (ID and name): "error:" lines are monitors not written',
        '(unknown type, duplicate ID, values the provider refuses), "warning:" lines are fields provider 3.82.0 cannot express',
        'and houndstack rule findings (create-time and HS-MON-*), which never block the import.',
        'Exit code 0 when every monitor was written, 1 when some were not, 2 when an input or the catalog file is unusable.',
      ].join('\n'),
    )
    .argument('<export...>', 'exported monitor JSON files')
    .option('--out <file>', 'catalog file to write or update: YAML, or JSON when its name ends in .json (reads 10-20x faster at 10,000+ monitors)')
    .option('--ts <file>', 'also write the monitors as a TypeScript module of CatalogEntry objects')
    .option('--ts-import <module>', 'module the TypeScript file imports CatalogEntry from', 'houndstack')
    .option('--json', 'print findings as JSON lines, then one summary object')
    .action((files: string[], options: ImportOptions) => runImport(files, options));
}

function runImport(files: string[], options: ImportOptions): void {
  const inputs: NamedText[] = [];
  const unreadable: string[] = [];
  for (const file of files) {
    // The shared reader: binary input is described, never echoed; directories, huge files… are one line each.
    const input = readTextFile(file);
    if (input.ok) inputs.push({ file, text: input.value });
    else unreadable.push(input.problem);
  }
  let existing: string | undefined;
  if (options.out && existsSync(options.out)) {
    try {
      existing = readFileSync(options.out, 'utf8');
    } catch (e) {
      unreadable.push(`${options.out}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const toStdout = !options.out && !options.ts;
  const result = importMonitors(inputs, { file: options.out ?? '<stdout>', text: existing });
  // A finding without a monitor is about the whole file: the input is unusable.
  const fileErrors = result.findings.filter((f) => f.level === 'error' && f.monitorId === undefined && /^(not JSON|not Datadog monitor JSON)/.test(f.message));
  const report = (line: string) => (toStdout ? process.stderr : process.stdout).write(`${line}\n`);
  const lines: string[] = [
    ...unreadable.map((u) => (options.json ? JSON.stringify({ level: 'error', message: u }) : `error: ${u}`)),
    ...result.catalogProblems.map((p) => (options.json ? JSON.stringify({ level: 'error', message: p }) : `error: ${p}`)),
    ...result.findings.map((f) => (options.json ? JSON.stringify(f) : `${f.level === 'error' ? 'error: ' : ''}${formatFinding(f)}`)),
  ];
  for (const line of lines) report(line);
  const usable = unreadable.length === 0 && result.catalogProblems.length === 0;
  if (usable && result.catalog) {
    if (options.out) writeFileSync(options.out, result.catalog.text);
    else if (toStdout) process.stdout.write(result.catalog.text);
  }
  if (usable && options.ts) {
    writeFileSync(options.ts, catalogEntriesToTypeScript(result.monitors, { importFrom: options.tsImport, sources: files }));
  }
  const notWritten = result.findings.filter((f) => f.level === 'error' && f.monitorId !== undefined).length;
  const warnings = result.findings.filter((f) => f.level === 'warning').length;
  const c = result.catalog;
  const summary = {
    monitors: result.monitors.length,
    notWritten,
    warnings,
    ...(c && usable ? { added: c.added.length, updated: c.updated.length, unchanged: c.unchanged.length, notInImport: c.notInImport } : {}),
    ...(options.out && usable ? { out: options.out } : {}),
    ...(options.ts && usable ? { ts: options.ts } : {}),
  };
  if (options.json) report(JSON.stringify({ summary }));
  else if (usable) {
    const where = [options.out, options.ts].filter(Boolean).join(' and ') || 'stdout';
    report(
      `imported ${result.monitors.length} monitor${result.monitors.length === 1 ? '' : 's'} into ${where}` +
        (c ? `: ${c.added.length} added, ${c.updated.length} updated, ${c.unchanged.length} unchanged` : '') +
        `; ${notWritten} not written; ${warnings} warning${warnings === 1 ? '' : 's'}` +
        (c && c.notInImport.length > 0 ? `; kept ${c.notInImport.length} entr${c.notInImport.length === 1 ? 'y' : 'ies'} not in this import (${c.notInImport.slice(0, 5).join(', ')}${c.notInImport.length > 5 ? ', …' : ''})` : ''),
    );
  }
  process.exitCode = !usable || fileErrors.length > 0 ? 2 : notWritten > 0 ? 1 : 0;
}
