import type { MonitorSpec } from '../model';
import { buildMessage, MessageParts } from '../message';
import { Audience, NotificationPolicy, withTeam } from '../routing';

/** What every pack takes: who is notified, the runbook, extra tags. */
export interface PackProps {
  /** Team policy: warnings to its chat, alerts to its pager. */
  readonly policy: NotificationPolicy;
  /** Runbook for the pack's monitors (a page without one fails rule HS-MON-1). */
  readonly runbookUrl: string;
  /** Extra tags on every monitor of the pack. @default - the team tag only (and the pack's own) */
  readonly tags?: readonly string[];
  /** Page on alerts; false sends alerts to chat. @default true */
  readonly page?: boolean;
  /** Who the pack's alerts reach: the policy's pager, ticket or chat handles. @default - 'pager' ('chat' when page is false) */
  readonly audience?: Audience;
}

/** A pack monitor: message built from the parts and the pack's routing, team and pack tags added. */
export function packSpec<S extends MonitorSpec>(props: PackProps, spec: Omit<S, 'message'>, message: Omit<MessageParts, 'notify' | 'runbookUrl'>, packTags: readonly string[]): S {
  const full = {
    ...spec,
    tags: [...new Set([...(spec.tags ?? []), ...packTags, ...(props.tags ?? [])])],
    message: buildMessage({ ...message, runbookUrl: props.runbookUrl, notify: { policy: props.policy, page: props.page ?? true, ...(props.audience ? { audience: props.audience } : {}) } }),
  } as unknown as S;
  return withTeam(full, props.policy);
}
