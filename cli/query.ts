import { Command } from 'commander';
import { parseMonitorQuery, queryWarnings, type ParseOptions, type ParseResult, type QueryWarning } from '../constructs/monitors/query';
import { guard, problemsFound, readTextFile, STDIN, valueOrThrow, withExitCodes } from './input';

/** One query read from the input, with its 1-based line number, what the parser made of it and its warnings. */
export interface CheckedQuery {
  readonly line: number;
  readonly query: string;
  readonly result: ParseResult;
  /** Legal but risky (see `queryWarnings`); empty for an invalid query. */
  readonly warnings: readonly QueryWarning[];
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
    const result = parseMonitorQuery(query, options);
    checked.push({ line: index + 1, query, result, warnings: result.ok ? queryWarnings(result.query) : [] });
  });
  return checked;
}

/**
 * One output line per checked query, in input order: `ok`, `warning: <file>:<line>:<col>: message` (further
 * warnings of the same query follow as `; col N: message`) or `error: <file>:<line>:<col>: message`; or a JSON
 * object per line.
 */
export function formatChecks(checked: readonly CheckedQuery[], json: boolean, file = '<stdin>'): string[] {
  return checked.map(({ line, query, result, warnings }) => {
    if (json) {
      const warned = warnings.length > 0 ? { warnings: warnings.map((w) => ({ column: w.column, message: w.message })) } : {};
      return JSON.stringify(
        result.ok
          ? { file, line, query, ok: true, ...warned }
          : { file, line, query, ok: false, column: result.error.column, message: result.error.message, ...(result.error.expected ? { expected: result.error.expected } : {}) },
      );
    }
    if (!result.ok) return `error: ${file}:${line}:${result.error.column}: ${result.error.message}`;
    if (warnings.length === 0) return 'ok';
    const [first, ...rest] = warnings;
    return `warning: ${file}:${line}:${first.column}: ${first.message}${rest.map((w) => `; col ${w.column}: ${w.message}`).join('')}`;
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
        'Prints one line per query, in order:',
        '  ok',
        '  warning: <file>:<line>:<col>: <message>   Datadog accepts it, but it is risky',
        '  error: <file>:<line>:<col>: <message>     Datadog refuses it',
        'The file is "<stdin>" when reading stdin. Blank lines and lines starting',
        'with # are skipped and print nothing.',
        'Exit code 1 if any query is invalid (or, with --strict, has a warning),',
        '2 if the input cannot be read (missing, a directory, binary, too large).',
      ].join('\n'),
    )
    .argument('[file]', 'file with one query per line; stdin when absent or "-"')
    .option('--json', 'print JSON lines: {"file","line","query","ok"}, plus "column", "message" (and "expected") on errors, "warnings" [{"column","message"}]')
    .option('--allow-placeholders', 'accept ${…} Terraform tokens in tags, metric names and composite operands')
    .option('--strict', 'exit 1 on warnings too')
    .action((file: string | undefined, options: { json?: boolean; allowPlaceholders?: boolean; strict?: boolean }) => guard(() => {
      // An empty input holds no query: nothing to print, exit 0 (as for a file of comments).
      const text = valueOrThrow(readTextFile(file ?? STDIN, { allowEmpty: true }));
      const checked = checkQueryText(text, { allowPlaceholders: options.allowPlaceholders === true });
      const lines = formatChecks(checked, options.json === true, file === undefined || file === '-' ? '<stdin>' : file);
      if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
      if (checked.some((c) => !c.result.ok || (options.strict === true && c.warnings.length > 0))) problemsFound();
    }));
  return query;
}
