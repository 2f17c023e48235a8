/**
 * Character-level scanning for the query parser. Datadog's query language is context-sensitive (a `-` is
 * subtraction between series but part of a tag value inside `{…}`), so the parser asks the scanner for the token it
 * expects in each context instead of lexing the whole string up front. Every method is O(length of what it reads).
 */
import type { NumberLiteral, Span, StringLiteral } from './ast';

/**
 * Thrown inside the parser only; `parseMonitorQuery` turns it into a `QuerySyntaxError`. Deliberately not an
 * Error: capturing a stack trace for every rejected query was a measurable share of checking 11,000 queries.
 */
export class ParseFailure {
  constructor(
    readonly offset: number,
    readonly message: string,
    readonly expected?: string[],
  ) {}
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

export function isIdentifierStart(c: string): boolean {
  return isLetter(c) || c === '_';
}

export function isIdentifierPart(c: string): boolean {
  return isLetter(c) || isDigit(c) || c === '_';
}

/** Characters of a tag inside `{…}` (Datadog tags: letters, digits, `_ - : . /`), plus `*` and `?` wildcards. */
export function isTagChar(c: string): boolean {
  return isIdentifierPart(c) || c === '-' || c === ':' || c === '.' || c === '/' || c === '*' || c === '?' || c === '@';
}

export class Scanner {
  pos = 0;

  constructor(readonly source: string) {}

  get atEnd(): boolean {
    return this.pos >= this.source.length;
  }

  peek(ahead = 0): string {
    return this.source.charAt(this.pos + ahead);
  }

  skipSpaces(): void {
    while (this.pos < this.source.length && isSpace(this.source[this.pos])) this.pos++;
  }

  /** Skips spaces, then reports whether `text` comes next (without consuming it). */
  lookingAt(text: string): boolean {
    this.skipSpaces();
    return this.source.startsWith(text, this.pos);
  }

  /** Skips spaces, then consumes `text` if it comes next. */
  accept(text: string): Span | undefined {
    if (!this.lookingAt(text)) return undefined;
    const start = this.pos;
    this.pos += text.length;
    return { start, end: this.pos };
  }

  /** Like `accept`, but a miss is a syntax error naming what was expected and what was found. */
  expect(text: string, context?: string): Span {
    const span = this.accept(text);
    if (span) return span;
    this.fail(this.pos, `expected '${text}'${context ? ` ${context}` : ''}, found ${this.describeNext()}`, [`'${text}'`]);
  }

  /** Skips spaces and reads `[A-Za-z_][A-Za-z0-9_]*`, plus any extra characters allowed by `alsoAllowed`. */
  readWord(alsoAllowed?: (c: string) => boolean): { text: string; span: Span } | undefined {
    this.skipSpaces();
    const start = this.pos;
    if (!isIdentifierStart(this.peek())) return undefined;
    this.pos++;
    while (!this.atEnd && (isIdentifierPart(this.peek()) || (alsoAllowed !== undefined && alsoAllowed(this.peek())))) {
      this.pos++;
    }
    return { text: this.source.slice(start, this.pos), span: { start, end: this.pos } };
  }

  /** Reads characters while `accepts` holds (no space skipping). */
  readWhile(accepts: (c: string) => boolean): { text: string; span: Span } {
    const start = this.pos;
    while (!this.atEnd && accepts(this.peek())) this.pos++;
    return { text: this.source.slice(start, this.pos), span: { start, end: this.pos } };
  }

  /** Skips spaces and reads a number: `-?digits[.digits][e[+-]digits]` (also `.5`). */
  readNumber(): NumberLiteral | undefined {
    this.skipSpaces();
    const start = this.pos;
    let i = this.pos;
    const s = this.source;
    if (s[i] === '-' || s[i] === '+') i++;
    const digitsStart = i;
    while (i < s.length && isDigit(s[i])) i++;
    let digits = i - digitsStart;
    if (s[i] === '.' && isDigit(s.charAt(i + 1))) {
      i++;
      while (i < s.length && isDigit(s[i])) i++;
      digits++;
    }
    if (digits === 0) return undefined;
    if ((s[i] === 'e' || s[i] === 'E') && (isDigit(s.charAt(i + 1)) || (/[+-]/.test(s.charAt(i + 1)) && isDigit(s.charAt(i + 2))))) {
      i += 2;
      while (i < s.length && isDigit(s[i])) i++;
    }
    const text = s.slice(start, i);
    this.pos = i;
    return { type: 'number', span: { start, end: i }, value: Number(text), text };
  }

  /** Skips spaces and reads a single- or double-quoted string with backslash escapes. */
  readString(): StringLiteral | undefined {
    this.skipSpaces();
    const quote = this.peek();
    if (quote !== '"' && quote !== "'") return undefined;
    const start = this.pos;
    let value = '';
    let i = this.pos + 1;
    const s = this.source;
    while (i < s.length && s[i] !== quote) {
      if (s[i] === '\\' && i + 1 < s.length) {
        value += s[i + 1];
        i += 2;
      } else {
        value += s[i];
        i++;
      }
    }
    if (i >= s.length) this.fail(start, `unterminated string: expected ${quote} to close the string opened at col ${start + 1}`, [quote]);
    this.pos = i + 1;
    return { type: 'string', span: { start, end: this.pos }, value, quote };
  }

  /** A short description of what comes next, for error messages: `'>'`, `'foo'`, `end of query`. */
  describeNext(): string {
    this.skipSpaces();
    if (this.atEnd) return 'end of query';
    const c = this.peek();
    if (isIdentifierPart(c)) {
      const rest = /^[A-Za-z0-9_.]+/.exec(this.source.slice(this.pos, this.pos + 60));
      if (rest) return `'${rest[0]}'`;
    }
    const two = this.source.slice(this.pos, this.pos + 2);
    if (two === '<=' || two === '>=' || two === '==' || two === '!=' || two === '&&' || two === '||') return `'${two}'`;
    return `'${c}'`;
  }

  fail(offset: number, message: string, expected?: string[]): never {
    throw new ParseFailure(offset, message, expected);
  }
}
