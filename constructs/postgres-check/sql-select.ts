/**
 * Reads the top-level SELECT list of a query, so the column count can be checked before the Agent skips every row
 * (`expected 3 columns, got 4`). Deliberately small: it knows quotes, dollar quotes, comments, parentheses,
 * brackets and CASE…END, and returns undefined (give up, no problem reported) for `*`, non-SELECT statements and
 * anything it cannot read with confidence.
 */

interface Token {
  readonly text: string;
  /** Lowercased word, for keyword tests; empty for punctuation and literals. */
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

const WORD = /[A-Za-z_][A-Za-z0-9_$]*/y;

/** Splits SQL into words, punctuation and opaque literals; undefined if a quote or comment never closes. */
function tokenize(sql: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? sql.length : eol + 1;
    } else if (c === '/' && next === '*') {
      // Postgres block comments nest.
      let depth = 0;
      let j = i;
      do {
        if (sql.startsWith('/*', j)) {
          depth++;
          j += 2;
        } else if (sql.startsWith('*/', j)) {
          depth--;
          j += 2;
        } else if (j >= sql.length) {
          return undefined;
        } else {
          j++;
        }
      } while (depth > 0);
      i = j;
    } else if (c === "'" || ((c === 'E' || c === 'e') && next === "'")) {
      const escapes = c !== "'";
      let j = escapes ? i + 2 : i + 1;
      for (;;) {
        if (j >= sql.length) return undefined;
        if (escapes && sql[j] === '\\') j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      tokens.push({ text: sql.slice(i, j + 1), word: '', start: i, end: j + 1 });
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) return undefined;
        if (sql[j] === '"' && sql[j + 1] === '"') j += 2;
        else if (sql[j] === '"') break;
        else j++;
      }
      tokens.push({ text: sql.slice(i, j + 1), word: '', start: i, end: j + 1 });
      i = j + 1;
    } else if (c === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(sql.slice(i))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))![0];
      const close = sql.indexOf(tag, i + tag.length);
      if (close === -1) return undefined;
      tokens.push({ text: sql.slice(i, close + tag.length), word: '', start: i, end: close + tag.length });
      i = close + tag.length;
    } else {
      WORD.lastIndex = i;
      const m = WORD.exec(sql);
      if (m) {
        tokens.push({ text: m[0], word: m[0].toLowerCase(), start: i, end: i + m[0].length });
        i += m[0].length;
      } else {
        tokens.push({ text: c, word: '', start: i, end: i + 1 });
        i++;
      }
    }
  }
  return tokens;
}

/** Keywords that end the SELECT list at depth 0. */
const LIST_END = new Set([
  'from', 'into', 'where', 'group', 'having', 'window', 'order', 'limit', 'offset', 'fetch', 'for',
  'union', 'intersect', 'except',
]);

/**
 * The expressions of the top-level SELECT list, as written; undefined when it cannot be read or is open-ended
 * (`*`, `t.*`).
 */
export function selectListItems(sql: string): string[] | undefined {
  const tokens = tokenize(sql);
  if (!tokens || tokens.length === 0) return undefined;

  // Find the top-level SELECT (after any WITH … AS (…) CTEs, which sit inside parentheses).
  let depth = 0;
  let i = 0;
  const first = tokens[0]!.word;
  if (first !== 'select' && first !== 'with' && tokens[0]!.text !== '(') return undefined;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth--;
    else if (depth === 0 && t.word === 'select') break;
    // `(SELECT …) UNION …` at the top: read the first arm.
    else if (depth === 1 && t.word === 'select' && tokens[0]!.text === '(') {
      depth = 0;
      break;
    }
  }
  if (i >= tokens.length) return undefined;
  i++;
  if (tokens[i]?.word === 'all') i++;
  else if (tokens[i]?.word === 'distinct') {
    i++;
    if (tokens[i]?.word === 'on') {
      if (tokens[i + 1]?.text !== '(') return undefined;
      let d = 0;
      for (i = i + 1; i < tokens.length; i++) {
        if (tokens[i]!.text === '(') d++;
        else if (tokens[i]!.text === ')' && --d === 0) break;
      }
      i++;
    }
  }

  const items: Token[][] = [[]];
  let caseDepth = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') {
      if (depth === 0) break; // end of a parenthesised first arm
      depth--;
    } else if (t.word === 'case') caseDepth++;
    else if (t.word === 'end' && caseDepth > 0) caseDepth--;
    if (depth === 0 && caseDepth === 0) {
      if (t.text === ';' || LIST_END.has(t.word)) break;
      if (t.text === ',') {
        items.push([]);
        continue;
      }
    }
    if (depth < 0) return undefined;
    items[items.length - 1]!.push(t);
  }
  if (depth !== 0 && tokens[0]!.text !== '(') return undefined;
  if (caseDepth !== 0) return undefined;
  if (items.some((item) => item.length === 0)) return undefined;

  const texts: string[] = [];
  for (const item of items) {
    const last = item[item.length - 1]!;
    // `*` or `alias.*` expands to an unknown number of columns.
    if (last.text === '*' && (item.length === 1 || item[item.length - 2]!.text === '.')) return undefined;
    texts.push(sql.slice(item[0]!.start, last.end));
  }
  return texts;
}

/** Number of columns the query returns, when it can be read. */
export function selectColumnCount(sql: string): number | undefined {
  return selectListItems(sql)?.length;
}
