import type { MonitorSpec } from '../model';
import { buildMessage, MessageParts } from '../message';
import { Audience, NotificationPolicy, withTeam } from '../routing';
import { analyzeMessage } from '../message/template';
import { pagesOnAlert } from '../../rules/rule';

/** What every pack takes: who is notified, the runbook, extra tags. */
export interface PackProps {
  /** Team policy: warnings to its chat, alerts to its pager. */
  readonly policy: NotificationPolicy;
  /**
   * Runbook for the pack's monitors (a page without one fails rule HS-MON-1).
   * @default - none: paging monitors need `runbookLink`
   */
  readonly runbookUrl?: string;
  /**
   * The link to a paging monitor's runbook dashboard, by monitor name (`runbookLink` of constructs/oncall): paging
   * monitors carry it as their `Runbook:` link (and `runbookUrl`, if set, as `Runbook docs:`); monitors that do not
   * page keep `runbookUrl`. The caller adds the dashboards (`RunbookDashboard`).
   * @default - every monitor links `runbookUrl`
   */
  readonly runbookLink?: (monitorName: string) => string;
  /** Extra tags on every monitor of the pack. @default - the team tag only (and the pack's own) */
  readonly tags?: readonly string[];
  /** Page on alerts; false sends alerts to chat. @default true */
  readonly page?: boolean;
  /** Who the pack's alerts reach: the policy's pager, ticket or chat handles. @default - 'pager' ('chat' when page is false) */
  readonly audience?: Audience;
}

/**
 * A monitor message with its runbook: a paging monitor (as HS-MON-1 reads the message) links `runbookLink(name)`, its
 * runbook dashboard, then `runbookUrl` as `Runbook docs:`; any other monitor links `runbookUrl`, if set.
 */
export function messageWithRunbook(
  parts: Omit<MessageParts, 'runbookUrl'>,
  monitorName: string,
  runbook: { readonly runbookUrl?: string; readonly runbookLink?: (monitorName: string) => string },
): string {
  const text = buildMessage({ ...parts, ...(runbook.runbookUrl ? { runbookUrl: runbook.runbookUrl } : {}) });
  // Whether it pages is read from the message as the rules read it, so the dashboards and HS-MON-1 agree.
  if (!runbook.runbookLink || pagesOnAlert(analyzeMessage(text)).length === 0) return text;
  const docs = runbook.runbookUrl ? [{ label: 'Runbook docs', url: runbook.runbookUrl }] : [];
  return buildMessage({ ...parts, runbookUrl: runbook.runbookLink(monitorName), links: [...docs, ...(parts.links ?? [])] });
}

/** A pack monitor: message built from the parts and the pack's routing, team and pack tags added. */
export function packSpec<S extends MonitorSpec>(props: PackProps, spec: Omit<S, 'message'>, message: Omit<MessageParts, 'notify' | 'runbookUrl'>, packTags: readonly string[]): S {
  const notify = { policy: props.policy, page: props.page ?? true, ...(props.audience ? { audience: props.audience } : {}) };
  const text = messageWithRunbook({ ...message, notify }, spec.name, props);
  const full = {
    ...spec,
    tags: [...new Set([...(spec.tags ?? []), ...packTags, ...(props.tags ?? [])])],
    message: text,
  } as unknown as S;
  return withTeam(full, props.policy);
}
