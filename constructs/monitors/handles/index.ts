import { IAspect, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { analyzeMessage } from '../message/template';
import { closest } from '../query/vocabulary';
import { collectSubjects, monitorSubject } from '../../rules/monitor-rules';
import { aspectsOf } from '../../terraform/single-cdktf';
import { DatadogMonitor } from '../monitor';
import { isMonitorRuleSubjects, type MonitorSubject } from '../../rules/rule';

/**
 * Notification handles checked against the organisation's own list, offline: a saved
 * `GET /api/v2/notifications/handles` response (or any list of handles) says which `@handles` exist; every handle a
 * monitor's message or escalation message uses that is not in it is reported, by monitor.
 */

/** Handles as compared: with their `@`, lower-case (Datadog matches handles case-insensitively). */
function normal(handle: string): string {
  const h = handle.trim();
  return (h.startsWith('@') ? h : `@${h}`).toLowerCase();
}

/** Mentions Datadog resolves itself (everyone in the organisation; Slack's channel mentions): never in a handle list. */
const BUILT_IN = new Set(['@all', '@here', '@channel']);

const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** The handle an item of a list names: a string, or an object's `handle` / `attributes.handle` / `name`. */
function handleOf(item: unknown): string | undefined {
  if (typeof item === 'string') return item;
  if (!isObj(item)) return undefined;
  const attrs = isObj(item.attributes) ? item.attributes : item;
  for (const k of ['handle', 'value', 'name']) if (typeof attrs[k] === 'string' && attrs[k] !== '') return attrs[k] as string;
  return undefined;
}

/**
 * Reads a handle list: JSON (a JSON:API response `{"data": [{"attributes": {"handle": …}}]}`, `{"handles": […]}`, or
 * an array of strings or objects with `handle`), else text with one handle per line (`#` comments). Every item that
 * names no handle is a problem naming the file and the item.
 */
export function parseHandleList(text: string, file: string): { handles: Set<string>; problems: string[] } {
  const handles = new Set<string>();
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  if (raw === undefined) {
    const trimmed = text.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) return { handles, problems: [`${file}: not valid JSON, and not a list of handles one per line`] };
    text.split('\n').forEach((line, i) => {
      const h = line.replace(/#.*$/, '').trim();
      if (h === '') return;
      if (/\s/.test(h)) problems.push(`${file}:${i + 1}: ${JSON.stringify(h)} is not one handle`);
      else handles.add(normal(h));
    });
    return { handles, problems };
  }
  const list = Array.isArray(raw) ? raw : isObj(raw) ? (Array.isArray(raw.data) ? raw.data : Array.isArray(raw.handles) ? raw.handles : undefined) : undefined;
  if (!list) return { handles, problems: [`${file}: expected GET /api/v2/notifications/handles's response ({"data": […]}), {"handles": […]} or a list of handles`] };
  list.forEach((item: unknown, i: number) => {
    const h = handleOf(item);
    if (h === undefined) problems.push(`${file}: item ${i}: names no handle (expected a string, or an object with "handle")`);
    else handles.add(normal(h));
  });
  return { handles, problems };
}

/** One handle a monitor uses that the organisation's list does not have. */
export interface UnknownHandle {
  /** Construct path of the monitor (`<catalog path>/<key>` for catalog monitors). */
  readonly path: string;
  readonly monitorName: string;
  readonly handle: string;
  /** The closest known handle, for "did you mean". */
  readonly suggestion?: string;
  /** One line, e.g. `prod/monitors/x "CPU high": @slack-opss is not in handles.json (did you mean @slack-ops?)`. */
  readonly message: string;
  /** The same without the path (synth errors carry the path already). */
  readonly detail: string;
}

export interface HandleCheckOptions {
  /** Also check e-mail addresses (Datadog e-mails any address; lists of handles rarely hold them). @default false */
  readonly includeEmail?: boolean;
  /** Names the list in messages. @default 'the handle list' */
  readonly listName?: string;
}

/** The handles of the subjects' messages and escalation messages that are not in `known`, one per monitor and handle. */
export function unknownHandles(subjects: readonly MonitorSubject[], known: ReadonlySet<string>, options: HandleCheckOptions = {}): UnknownHandle[] {
  const out: UnknownHandle[] = [];
  const knownList = [...known];
  for (const s of subjects) {
    const texts = [s.body.message, s.body.escalation_message].filter((t): t is string => typeof t === 'string');
    const seen = new Set<string>();
    for (const text of texts) {
      for (const use of analyzeMessage(text).handles) {
        const h = normal(use.handle);
        if (seen.has(h) || known.has(h) || BUILT_IN.has(h)) continue;
        seen.add(h);
        if (use.kind === 'email' && !options.includeEmail) continue;
        const suggestion = closest(h, knownList);
        const detail = `${JSON.stringify(s.body.name)}: ${use.handle} is not in ${options.listName ?? 'the handle list'}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
        out.push({
          path: s.path,
          monitorName: s.body.name,
          handle: use.handle,
          ...(suggestion ? { suggestion } : {}),
          message: `${s.path} ${detail}`,
          detail,
        });
      }
    }
  }
  return out;
}

/** Every monitor under `scope` (DatadogMonitors and catalog monitors) checked against `known`. */
export function unknownHandlesIn(scope: IConstruct, known: ReadonlySet<string>, options: HandleCheckOptions = {}): UnknownHandle[] {
  return unknownHandles(collectSubjects(scope), known, options);
}

/**
 * The same check at synth: every unknown handle is a synth error on its monitor (or catalog), with the monitor's path.
 * Add it to every stack (`Aspects.of(stack).add(new HandlesAspect(known))`).
 */
export class HandlesAspect implements IAspect {
  constructor(
    private readonly known: ReadonlySet<string>,
    private readonly options: HandleCheckOptions = {},
  ) {}

  public visit(node: IConstruct): void {
    let subjects: readonly MonitorSubject[] = [];
    if (DatadogMonitor.isDatadogMonitor(node)) subjects = [monitorSubject(node)];
    else if (isMonitorRuleSubjects(node)) subjects = node.monitorRuleSubjects();
    if (subjects.length === 0) return;
    const found = unknownHandles(subjects, this.known, this.options);
    // A DatadogMonitor's errors carry its path; a catalog's name the monitor.
    const catalog = !DatadogMonitor.isDatadogMonitor(node);
    if (found.length > 0) node.node.addValidation({ validate: () => found.map((f) => (catalog ? f.message : f.detail)) });
  }
}

/** Adds the handle check to every stack under `scope` (through each stack's own cdktf, as the monitor rules do). */
export function applyHandlesCheck(scope: IConstruct, known: ReadonlySet<string>, options: HandleCheckOptions = {}): void {
  const aspect = new HandlesAspect(known, options);
  const stacks = scope.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  for (const stack of stacks.length > 0 ? stacks : [scope]) aspectsOf(stack).add(aspect);
}
