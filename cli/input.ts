/**
 * How every houndstack command reads an input file, and how it ends: one line per problem, never a stack trace.
 *
 * A read either succeeds (`{ ok: true, value }`) or gives exactly one problem line that starts with the file's name:
 * `examples/accounts.yaml: no such file`, `a.json:3:7: not valid JSON: expected ',' or '}'`. Binary content is
 * described (where the first NUL or invalid byte is), never echoed. Commands print such a line with `unusable()`
 * (stderr, exit code 2); problems found *in* a file that was read are results: stdout, exit code 1 (`problemsFound()`).
 *
 * Exit codes (every command, documented in its --help by `withExitCodes`): 0 fine, 1 problems found,
 * 2 unusable input or usage (the input could not be read or parsed, or the command line selects nothing).
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { Command } from 'commander';

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_UNUSABLE = 2;
export type ExitCode = typeof EXIT_OK | typeof EXIT_PROBLEMS | typeof EXIT_UNUSABLE;

/** The text every command's --help ends with. */
export const EXIT_CODES_HELP = 'Exit codes: 0 fine, 1 problems found, 2 unusable input or usage (one line on stderr).';

/** A read: the value, or one line naming the file and what is wrong with it. */
export type Input<T> = { readonly ok: true; readonly file: string; readonly value: T } | { readonly ok: false; readonly file: string; readonly problem: string };

export interface ReadInputOptions {
  /**
   * Files larger than this are refused before they are read.
   * @default - 64 MiB
   */
  readonly maxBytes?: number;
  /**
   * Whether an empty file (for YAML: no document, only comments or blanks) is a value (`''`, `null`) rather than a problem.
   * @default false
   */
  readonly allowEmpty?: boolean;
}

/** Default size limit: far above any hand-written file, below what would make a YAML/JSON parse take minutes. */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** `-` reads standard input; messages call it `stdin`. */
export const STDIN = '-';

/** An input that cannot be used, for code that must throw past its callers; `guard` prints `problem` and exits 2. */
export class InputError extends Error {
  constructor(public readonly problem: string) {
    super(problem);
    this.name = 'InputError';
  }
}

/** A command line that selects nothing or is inconsistent; `guard` prints it and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const label = (file: string) => (file === STDIN ? 'stdin' : file === '' ? '(empty path)' : file);
const failed = (file: string, what: string): Input<never> => ({ ok: false, file, problem: `${label(file)}: ${what}` });

const ERRNO: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a part of the path is not a directory)',
  EACCES: 'permission denied: cannot read it',
  EPERM: 'permission denied: cannot read it',
  ELOOP: 'cannot read it: too many levels of symbolic links',
  ENAMETOOLONG: 'cannot read it: the name is too long',
  EISDIR: 'is a directory, not a file',
  EIO: 'cannot read it: input/output error',
};
const describeErrno = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException).code;
  return (code && ERRNO[code]) ?? `cannot read it (${code ?? (e instanceof Error ? e.message : String(e))})`;
};

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`;

/** Reads at most `limit + 1` bytes, so that an endless or huge input (a FIFO, /dev/zero, stdin) is still refused. */
function readBounded(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, limit + 1 - total));
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue; // non-blocking stdin: try again
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > limit) break;
  }
  return Buffer.concat(chunks, total);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 text; binary content is described by where it stops being text, never shown. */
function decode(file: string, bytes: Buffer): Input<string> {
  const nul = bytes.indexOf(0);
  if (nul !== -1) return failed(file, `binary data, not text (a NUL byte at offset ${nul})`);
  try {
    const text = decoder.decode(bytes);
    return { ok: true, file, value: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return failed(file, `not UTF-8 text (invalid byte sequence at offset ${firstInvalidUtf8(bytes)})`);
  }
}

/** Offset of the first byte that starts no valid UTF-8 sequence (only called once decoding has failed). */
function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    try {
      decoder.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

/** Reads a UTF-8 text file (or stdin for `-`). */
export function readTextFile(file: string, options: ReadInputOptions = {}): Input<string> {
  const limit = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    if (file === STDIN) fd = 0;
    else {
      if (file === '') return failed(file, 'no file named (an empty path)');
      const stat = statSync(file);
      if (stat.isDirectory()) return failed(file, 'is a directory, not a file');
      if (stat.isFile() && stat.size > limit) return failed(file, `too large: ${size(stat.size)}, the limit is ${size(limit)}`);
      fd = openSync(file, 'r');
    }
    if (fstatSync(fd).isDirectory()) return failed(file, 'is a directory, not a file');
    bytes = readBounded(fd, limit);
  } catch (e) {
    return failed(file, describeErrno(e));
  } finally {
    if (fd !== undefined && fd !== 0) closeSync(fd);
  }
  if (bytes.length > limit) return failed(file, `too large: more than ${size(limit)}`);
  const text = decode(file, bytes);
  if (text.ok && !options.allowEmpty && text.value.trim() === '') return failed(file, 'is empty');
  return text;
}

/** Parses YAML text (duplicate keys are errors); `file` names it in the problem, with line and column. */
export function parseYamlText(text: string, file: string, options: Pick<ReadInputOptions, 'allowEmpty'> = {}): Input<unknown> {
  // Loaded here, not at the top: `houndstack --help` and `query check` load nothing but commander.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseDocument } = require('yaml') as typeof import('yaml');
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const error = document.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    // The message's first line, without the position that we put in front and without the code frame.
    const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return failed(file, `${at ? `line ${at.line}, column ${at.col}: ` : ''}not valid YAML: ${reason}`);
  }
  let value: unknown;
  try {
    value = document.toJS();
  } catch (e) {
    // e.g. an alias bomb: "Excessive alias count indicates a resource exhaustion attack".
    return failed(file, `not usable YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if ((value === null || value === undefined) && !options.allowEmpty) return failed(file, 'is empty (no YAML document, only comments or blank lines)');
  return { ok: true, file, value: value ?? null };
}

/** Parses JSON text; `file` names it in the problem, with line and column. The text itself is never quoted. */
export function parseJsonText(text: string, file: string): Input<unknown> {
  try {
    return { ok: true, file, value: JSON.parse(text) as unknown };
  } catch {
    const { offset, reason } = jsonSyntaxError(text);
    const before = text.slice(0, offset).split('\n');
    return failed(file, `line ${before.length}, column ${before[before.length - 1]!.length + 1}: not valid JSON: ${reason}`);
  }
}

/** Reads and parses a YAML file. */
export function readYamlFile(file: string, options: ReadInputOptions = {}): Input<unknown> {
  const text = readTextFile(file, options);
  return text.ok ? parseYamlText(text.value, file, options) : text;
}

/** Reads and parses a JSON file. */
export function readJsonFile(file: string, options: ReadInputOptions = {}): Input<unknown> {
  const text = readTextFile(file, options);
  return text.ok ? parseJsonText(text.value, file) : text;
}

/** The value of a read, or an `InputError` to be reported by `guard`. */
export function valueOrThrow<T>(input: Input<T>): T {
  if (!input.ok) throw new InputError(input.problem);
  return input.value;
}

/** Raises the process's exit code to `code`, never lowers it (a problem found stays found). */
export function setExitCode(code: ExitCode): void {
  const current = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = Math.max(current, code);
}

/** Prints an unusable-input or usage line on stderr (`error: <line>`) and sets exit code 2. */
export function unusable(line: string): void {
  process.stderr.write(`error: ${line}\n`);
  setExitCode(EXIT_UNUSABLE);
}

/** Sets exit code 1: the command found problems (it has printed them as its results). */
export function problemsFound(): void {
  setExitCode(EXIT_PROBLEMS);
}

/**
 * Runs a command's action: an `InputError` or `UsageError` becomes one line and exit code 2; any other error is a
 * houndstack bug and still one line (set HOUNDSTACK_DEBUG=1 for its stack).
 */
export async function guard(action: () => void | Promise<void>): Promise<void> {
  try {
    await action();
  } catch (e) {
    if (e instanceof InputError) unusable(e.problem);
    else if (e instanceof UsageError) unusable(e.message);
    else {
      if (process.env.HOUNDSTACK_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
      unusable(`internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)} (a houndstack bug; HOUNDSTACK_DEBUG=1 shows where)`);
    }
  }
}

const EXIT_CODES_ADDED = Symbol.for('houndstack/exit-codes-help');

/**
 * Ends a command's --help with the exit codes, and makes commander's own errors (unknown option, missing argument)
 * exit 2 rather than 1, for this command and every subcommand it has at the call (idempotent). `houndstack.ts` calls
 * it on the whole program, so commands added later get it too.
 */
export function withExitCodes<C extends Command>(command: C): C {
  const marked = command as C & { [EXIT_CODES_ADDED]?: true };
  if (!marked[EXIT_CODES_ADDED]) {
    Object.defineProperty(marked, EXIT_CODES_ADDED, { value: true });
    command.addHelpText('after', `\n${EXIT_CODES_HELP}`);
    command.exitOverride((error) => {
      // --help and --version are not errors; a usage error has been printed by commander already.
      process.exit(error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : EXIT_UNUSABLE);
    });
  }
  for (const sub of command.commands) withExitCodes(sub);
  return command;
}

/** Where JSON.parse stopped, found by a small scanner (V8's message sometimes quotes the input and omits the position). */
function jsonSyntaxError(text: string): { offset: number; reason: string } {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const shown = (c: string | undefined) =>
    c === undefined ? 'the end of the input' : /^[\x21-\x7e]$/.test(c) ? `'${c}'` : `character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  class Stop extends Error {
    constructor(public reason: string) {
      super(reason);
    }
  }
  const expect = (what: string): never => {
    throw new Stop(`expected ${what}, found ${shown(text[i])}`);
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) throw new Stop('a control character inside a string (escape it)');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) throw new Stop('a \\u escape needs 4 hex digits');
          i += 5;
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) throw new Stop('an invalid escape in a string');
      }
      i++;
    }
    if (i >= text.length) throw new Stop('a string that is never closed');
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') expect('a double-quoted property name');
        string();
        ws();
        if (text[i] !== ':') expect("':'");
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else expect("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else expect("',' or ']'");
      }
    }
    if (c === '"') return string();
    const literal = /^(true|false|null)/.exec(text.slice(i, i + 5));
    if (literal) return void (i += literal[0].length);
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (number && number[0] !== '-') return void (i += number[0].length);
    expect('a value');
  };
  try {
    value();
    ws();
    if (i < text.length) expect('the end of the input');
  } catch (e) {
    if (e instanceof Stop) return { offset: i, reason: e.reason };
    throw e;
  }
  return { offset: i, reason: 'not valid JSON' };
}
