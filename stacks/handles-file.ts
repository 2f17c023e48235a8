import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { IConstruct } from 'constructs';
import { applyHandlesCheck, parseHandleList } from '../constructs/monitors/handles';
import { CatalogFileError } from './monitor-catalogs';

/** Reads a handle list (see `parseHandleList`); throws `CatalogFileError` (one line per problem) when it is unusable. */
export function loadHandleList(file: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CatalogFileError([`${file}: cannot read the handle list: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  const { handles, problems } = parseHandleList(text, file);
  if (problems.length > 0) throw new CatalogFileError(problems);
  return handles;
}

/**
 * `monitoring.handlesFile` of the accounts file: synth fails on every handle a monitor uses that the saved list (a
 * `GET /api/v2/notifications/handles` response, or a plain list) does not have. `baseDir` is the accounts file's.
 */
export function checkHandlesAtSynth(app: IConstruct, handlesFile: string | undefined, baseDir: string): void {
  if (handlesFile === undefined) return;
  const file = isAbsolute(handlesFile) ? handlesFile : join(baseDir, handlesFile);
  applyHandlesCheck(app, loadHandleList(file), { listName: file });
}
