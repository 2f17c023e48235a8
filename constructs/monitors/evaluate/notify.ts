import { HANDLE_PATTERN, STATE_CONDITIONS, TEMPLATE_TAG, handleKind } from '../message/template';
import type { NotificationState } from '../message/template';
import type { MonitorState } from './types';

/** The notification Datadog sends for a transition (undefined: none, e.g. OK → OK). */
export function notificationFor(from: MonitorState, to: MonitorState): NotificationState | undefined {
  if (from === to) return undefined;
  if (to === 'ALERT') return 'alert';
  if (to === 'WARN') return 'warning';
  if (to === 'NO DATA') return 'no_data';
  if (from === 'ALERT') return 'alert_recovery';
  if (from === 'WARN') return 'warning_recovery';
  return 'no_data_recovery';
}

const STATE_BLOCKS: Readonly<Record<string, (s: NotificationState) => boolean>> = {
  ...STATE_CONDITIONS,
  // A transition is not a renotification.
  is_renotify: () => false,
};

function args(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/**
 * The handles a message notifies for one notification of one group: the message rendered the way Datadog does for
 * that state, `{{#is_match "tag.name" "a" "b"}}` (contains) and `{{#is_exact_match …}}` (equals) decided on the group's
 * tags; `{{#is_alert_to_warning}}` is true when an alert falls back to a warning. Handles of unknown kinds are left out.
 */
export function notifiedHandles(message: string, state: NotificationState, groupTags: readonly string[], alertToWarning = false): string[] {
  const tagValue = (variable: string): string | undefined => {
    const key = variable.endsWith('.name') ? variable.slice(0, -'.name'.length) : variable;
    const t = groupTags.find((x) => x.startsWith(`${key}:`));
    return t?.slice(key.length + 1);
  };
  const stack: boolean[] = [];
  let shown = true;
  let out = '';
  let last = 0;
  for (const m of message.matchAll(TEMPLATE_TAG)) {
    const [whole, sigil, name, rest] = m;
    const at = m.index ?? 0;
    if (shown) out += message.slice(last, at);
    last = at + whole.length;
    if (sigil === '#' || sigil === '^') {
      let cond = true;
      if (STATE_BLOCKS[name]) cond = STATE_BLOCKS[name](state);
      // ALERT → WARN sends the warning notification, with is_alert_to_warning true (not an alert recovery).
      else if (name === 'is_alert_to_warning') cond = alertToWarning;
      else if (name === 'is_match' || name === 'is_exact_match') {
        const [variable, ...values] = args(rest ?? '');
        const v = tagValue(variable ?? '');
        cond = v !== undefined && values.some((x) => (name === 'is_match' ? v.includes(x) : v === x));
      }
      if (sigil === '^') cond = !cond;
      stack.push(shown);
      shown = shown && cond;
    } else if (sigil === '/') {
      shown = stack.pop() ?? true;
    }
  }
  if (shown) out += message.slice(last);
  const handles: string[] = [];
  for (const h of out.matchAll(HANDLE_PATTERN)) {
    const handle = `@${h[1].replace(/[.]+$/, '')}`;
    if (handleKind(handle) !== undefined && !handles.includes(handle)) handles.push(handle);
  }
  return handles;
}
