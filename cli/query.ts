import { Command } from 'commander';
import { parseMonitorQuery, type ParseOptions, type ParseResult } from '../constructs/monitors/query';
import { guard, problemsFound, readTextFile, STDIN, valueOrThrow, withExitCodes } from './input';

/** One query read from the input, with its 1-based line number and what the parser made of it. */
export interface CheckedQuery {
  readonly line: number;
  readonly query: string;
  readonly result: ParseResult;
}

/**
 * Checks every query in `text`, one per line. Blank lines and lines starting with `#` are not queries: they are
 * skipped and give no output, so a reviewed file can carry comments. A trailing `\r` (CRLF files) is ignored.
 */
export function checkQueryText(text: string, options: ParseOptions = {}): CheckedQuery[] {
  const checked: CheckedQuery[] = [];
  const lines = text.split('\n');
  // A final newline does not start another line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    const query = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (query.trim() === '' || query.trimStart().startsWith('#')) return;
    checked.push({ line: index + 1, query, result: parseMonitorQuery(query, options) });
  });
  return checked;
}

/** One output line per checked query: `ok` / `error: col N: message`, or a JSON object per line. */
export function formatChecks(checked: readonly CheckedQuery[], json: boolean): string[] {
  return checked.map(({ line, query, result }) => {
    if (json) {
      return JSON.stringify(
        result.ok
          ? { line, query, ok: true }
          : { line, query, ok: false, column: result.error.column, message: result.error.message, ...(result.error.expected ? { expected: result.error.expected } : {}) },
      );
    }
    return result.ok ? 'ok' : `error: col ${result.error.column}: ${result.error.message}`;
  });
}

/** `houndstack query check [file]`: the parser as a CI gate. */
export function queryCommand(): Command {
  const query = new Command('query').description('Datadog monitor queries: check them before Datadog does');
  const check = withExitCodes(new Command('check'));
  query.addCommand(check);
  check
    .summary('check monitor queries, one per line, from a file or stdin')
    .description(
      [
        'Check monitor queries, one per line, from a file or stdin (no file, or "-").',
        'Prints one line per query, in order: "ok" or "error: col <N>: <message>".',
        'Blank lines and lines starting with # are skipped and print nothing (use --json for line numbers).',
        'Exit code 1 if any query is invalid, 2 if the input cannot be read (missing, a directory, binary, too large).',
      ].join('\n'),
    )
    .argument('[file]', 'file with one query per line; stdin when absent or "-"')
    .option('--json', 'print JSON lines: {"line","query","ok"} plus "column", "message" (and "expected") on errors')
    .option('--allow-placeholders', 'accept ${…} Terraform tokens in tags, metric names and composite operands')
    .action((file: string | undefined, options: { json?: boolean; allowPlaceholders?: boolean }) => guard(() => {
      // An empty input holds no query: nothing to print, exit 0 (as for a file of comments).
      const text = valueOrThrow(readTextFile(file ?? STDIN, { allowEmpty: true }));
      const checked = checkQueryText(text, { allowPlaceholders: options.allowPlaceholders === true });
      const lines = formatChecks(checked, options.json === true);
      if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
      if (checked.some((c) => !c.result.ok)) problemsFound();
    }));
  return query;
}
