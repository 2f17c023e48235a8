/**
 * Reading a monitor message the way Datadog does: template blocks (`{{#is_alert}}…{{/is_alert}}`), variables
 * (`{{host.name}}`) and notification handles (`@slack-ops`), and which notification states each handle reaches.
 * Pure; used by `renderMonitor` (handles and blocks are create-time checks) and by the hygiene rules.
 */

/** Kinds of notification handle houndstack accepts. */
export type HandleKind = 'slack' | 'pagerduty' | 'oncall' | 'webhook' | 'team' | 'jira' | 'servicenow' | 'email';

/** Notification states of a monitor. */
export type NotificationState = 'alert' | 'warning' | 'no_data' | 'alert_recovery' | 'warning_recovery' | 'no_data_recovery';
export const NOTIFICATION_STATES: readonly NotificationState[] = ['alert', 'warning', 'no_data', 'alert_recovery', 'warning_recovery', 'no_data_recovery'];

export interface HandleUse {
  /** The handle with its `@`, e.g. `@slack-ops`. */
  readonly handle: string;
  readonly kind: HandleKind | undefined;
  /** Offset in the message. */
  readonly offset: number;
  /** States whose notification includes this occurrence (conditions on tags count as possibly true). */
  readonly states: readonly NotificationState[];
}

export interface MessageAnalysis {
  readonly handles: readonly HandleUse[];
  /** Tag variables used: `host` for `{{host.name}}`, `team` for `{{#is_match "team.name" …}}`. */
  readonly tagVariables: readonly string[];
  /** Unbalanced blocks and bad handles, each a sentence. */
  readonly problems: readonly string[];
}

const HANDLE_PREFIXES: [string, HandleKind][] = [
  ['slack-', 'slack'],
  ['pagerduty-', 'pagerduty'],
  ['oncall-', 'oncall'],
  ['webhook-', 'webhook'],
  ['team-', 'team'],
  // Ticketing integrations: `@jira-<project>-<issue type>`, `@servicenow-<instance>`.
  ['jira-', 'jira'],
  ['servicenow-', 'servicenow'],
];

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/** Kind of a handle (with or without its `@`), or undefined when houndstack does not know it. */
export function handleKind(handle: string): HandleKind | undefined {
  const h = handle.startsWith('@') ? handle.slice(1) : handle;
  if (EMAIL.test(h)) return 'email';
  for (const [prefix, kind] of HANDLE_PREFIXES) {
    if (h.startsWith(prefix) && h.length > prefix.length && /^[A-Za-z0-9][\w.-]*$/.test(h.slice(prefix.length))) return kind;
  }
  return undefined;
}

/** The problem with a handle, or undefined when it is valid. */
export function handleProblem(handle: string): string | undefined {
  if (!handle.startsWith('@')) return `handle '${handle}' must start with '@'`;
  if (handleKind(handle) === undefined) {
    return `unknown notification handle '${handle}'; allowed: @slack-<channel>, @pagerduty-<service>, @oncall-<team>, @webhook-<name>, @team-<handle>, @jira-<project>-<issue type>, @servicenow-<instance>, @<e-mail address>`;
  }
  return undefined;
}

/** Handles that page a person. */
export function isPagerHandle(handle: string): boolean {
  const k = handleKind(handle);
  return k === 'pagerduty' || k === 'oncall';
}

/** Conditions on the notification's state: `{{#is_alert}}` shows in alert notifications only, and so on. */
export const STATE_CONDITIONS: Readonly<Record<string, (s: NotificationState) => boolean>> = {
  is_alert: (s) => s === 'alert',
  is_warning: (s) => s === 'warning',
  is_no_data: (s) => s === 'no_data',
  is_recovery: (s) => s.endsWith('_recovery'),
  is_alert_recovery: (s) => s === 'alert_recovery',
  is_warning_recovery: (s) => s === 'warning_recovery',
  is_no_data_recovery: (s) => s === 'no_data_recovery',
};
/** Conditions that do not depend on the state: both branches may show. */
const OTHER_CONDITIONS = new Set(['is_match', 'is_exact_match', 'is_renotify', 'is_priority', 'is_alert_to_warning']);

interface Open {
  name: string;
  negated: boolean;
  offset: number;
}

// {{#name args}}, {{^name args}}, {{/name}}, {{ var }}
export const TEMPLATE_TAG = /\{\{\s*([#^/]?)\s*([A-Za-z_][\w.-]*)((?:\s+(?:"[^"]*"|'[^']*'|[^\s}]+))*)\s*\}\}/g;
export const HANDLE_PATTERN = /(?<![\w@.])@([A-Za-z0-9][\w.+%-]*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)/g;

// Catalogs repeat messages (one team policy, thousands of monitors): analyses are cached by text.
const CACHE_LIMIT = 2000;
const cache = new Map<string, MessageAnalysis>();

/** Analyse a message: blocks must balance; every handle must be known; which states reach each handle. Cached by text. */
export function analyzeMessage(message: string): MessageAnalysis {
  const hit = cache.get(message);
  if (hit) return hit;
  const a = analyzeUncached(message);
  const analysis: MessageAnalysis = Object.freeze({
    handles: Object.freeze(a.handles.map((h) => Object.freeze({ ...h, states: Object.freeze([...h.states]) }))),
    tagVariables: Object.freeze([...a.tagVariables]),
    problems: Object.freeze([...a.problems]),
  });
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(message, analysis);
  return analysis;
}

function analyzeUncached(message: string): MessageAnalysis {
  const problems: string[] = [];
  const tagVariables = new Set<string>();
  // Positions of every block boundary, to know the open blocks at each handle.
  const events: { offset: number; end: number; open?: Open; close?: string }[] = [];
  const stack: Open[] = [];
  for (const m of message.matchAll(TEMPLATE_TAG)) {
    const [, sigil, name, args] = m;
    const offset = m.index ?? 0;
    if (sigil === '#' || sigil === '^') {
      const open = { name, negated: sigil === '^', offset };
      stack.push(open);
      events.push({ offset, end: offset + m[0].length, open });
      if (name === 'is_match' || name === 'is_exact_match') {
        const first = /^\s*["']([^"']*)["']/.exec(args ?? '');
        if (!first) problems.push(`{{${sigil}${name}}} at offset ${offset} needs a tag variable and a value, e.g. {{${sigil}${name} "team.name" "payments"}}`);
        else if (first[1].endsWith('.name')) tagVariables.add(first[1].slice(0, -'.name'.length));
      }
    } else if (sigil === '/') {
      const top = stack.pop();
      if (!top) problems.push(`{{/${name}}} at offset ${offset} closes a block that was never opened`);
      else if (top.name !== name) problems.push(`{{/${name}}} at offset ${offset} closes {{${top.negated ? '^' : '#'}${top.name}}} opened at offset ${top.offset}`);
      events.push({ offset, end: offset + m[0].length, close: name });
    } else if (name.endsWith('.name')) {
      tagVariables.add(name.slice(0, -'.name'.length));
    }
  }
  for (const open of stack) problems.push(`{{${open.negated ? '^' : '#'}${open.name}}} opened at offset ${open.offset} is never closed`);

  // Strip template tags so `{{#is_match "a@b.c"}}` arguments do not read as handles.
  const plain = message.replace(TEMPLATE_TAG, (t) => ' '.repeat(t.length));
  const handles: HandleUse[] = [];
  for (const m of plain.matchAll(HANDLE_PATTERN)) {
    const handle = `@${m[1].replace(/[.]+$/, '')}`;
    const offset = m.index ?? 0;
    const open: Open[] = [];
    for (const e of events) {
      if (e.offset >= offset) break;
      if (e.open) open.push(e.open);
      else if (e.close) open.pop();
    }
    const states = NOTIFICATION_STATES.filter((s) =>
      open.every((o) => {
        const cond = STATE_CONDITIONS[o.name];
        if (!cond) return true;
        return cond(s) !== o.negated;
      }),
    );
    const problem = handleProblem(handle);
    if (problem) problems.push(problem);
    handles.push({ handle, kind: handleKind(handle), offset, states });
  }
  // Per handle, over all its occurrences: an On-Call handle that reaches alerts must also reach their recovery.
  for (const handle of dedupe(handles.filter((h) => h.kind === 'oncall').map((h) => h.handle))) {
    const states = new Set(handles.filter((h) => h.handle === handle).flatMap((h) => h.states));
    if (states.has('alert') && !states.has('alert_recovery')) {
      problems.push(`${handle} reaches alerts but not their recovery, so the On-Call page never resolves; put it outside the {{#is_alert}} block or also in {{#is_alert_recovery}}`);
    }
  }
  return { handles, tagVariables: [...tagVariables], problems: dedupe(problems) };
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Handles reaching a state. */
export function handlesFor(analysis: MessageAnalysis, state: NotificationState): string[] {
  return dedupe(analysis.handles.filter((h) => h.states.includes(state)).map((h) => h.handle));
}

/** Every non-stateful-condition name houndstack knows, for documentation and tests. */
export const KNOWN_CONDITIONS: readonly string[] = [...Object.keys(STATE_CONDITIONS), ...OTHER_CONDITIONS];
