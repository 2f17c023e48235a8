import { importExport, type ImportFinding, type ImportedMonitor } from './from-datadog';
import { catalogEntriesOf, isJsonCatalog, parseCatalogFile, updateCatalogFile, type CatalogUpdate } from './catalog-file';
import { importedMonitorFindings } from './findings';
import { type Document, parseDocument } from 'yaml';

/** One input file: its name (for messages) and text. */
export interface NamedText {
  readonly file: string;
  readonly text: string;
}

export interface ImportResult {
  /** Monitors imported, in export order (first occurrence of each ID). */
  readonly monitors: readonly ImportedMonitor[];
  /** Errors (monitor not written, or unusable input) and warnings, in input order; rule findings last. */
  readonly findings: readonly ImportFinding[];
  /** The catalog file's new text and what changed, when a catalog was given or `catalog` was requested. */
  readonly catalog?: CatalogUpdate;
  /** A catalog file that is not a valid catalog: nothing is written. */
  readonly catalogProblems: readonly string[];
}

/**
 * `houndstack monitors import`, as a pure function: exports in, catalog text and findings out. A monitor ID that
 * appears twice (in one export or across several) is an error; the first is kept. `existing` is the current catalog
 * file (`text` undefined when it does not exist yet); when it is invalid, nothing is updated.
 */
export function importMonitors(exports: readonly NamedText[], existing?: { file: string; text: string | undefined }): ImportResult {
  const findings: ImportFinding[] = [];
  const monitors: ImportedMonitor[] = [];
  const firstSeen = new Map<string, string>();
  for (const e of exports) {
    const r = importExport(e.text, e.file);
    findings.push(...r.findings);
    for (const m of r.monitors) {
      const other = firstSeen.get(m.id);
      if (other !== undefined) {
        findings.push({ level: 'error', file: e.file, monitorId: m.id, monitorName: m.spec.name, message: `duplicate monitor ID: already imported from ${other}; kept the first` });
        continue;
      }
      firstSeen.set(m.id, e.file);
      monitors.push(m);
    }
  }
  findings.push(...importedMonitorFindings(monitors));
  let catalogProblems: string[] = [];
  let catalog: CatalogUpdate | undefined;
  if (existing && isJsonCatalog(existing.file, existing.text)) {
    if (existing.text !== undefined && existing.text.trim() !== '') catalogProblems = parseCatalogFile(existing.text, existing.file).problems;
    if (catalogProblems.length === 0) catalog = updateCatalogFile(existing.text, monitors, 'json');
  } else if (existing) {
    let doc: Document | undefined;
    if (existing.text !== undefined && existing.text.trim() !== '') {
      doc = parseDocument(existing.text, { uniqueKeys: true });
      catalogProblems = doc.errors.length > 0 ? doc.errors.map((err) => `${existing.file}: ${err.message.split('\n')[0]}`) : catalogEntriesOf(doc.toJS(), existing.file).problems;
    }
    if (catalogProblems.length === 0) catalog = updateCatalogFile(doc, monitors);
  }
  return { monitors, findings, ...(catalog ? { catalog } : {}), catalogProblems };
}
