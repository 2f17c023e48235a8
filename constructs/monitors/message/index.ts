import { RoutingProps, notificationText } from '../routing';

export * from './template';

/** Parts of a monitor message. */
export interface MessageParts {
  /** First line, e.g. `CPU above 90% on {{host.name}}`. @default - no title line */
  readonly title?: string;
  /** Free text: what it means, first steps. @default - none */
  readonly text?: string;
  /** Runbook URL (rule HS-MON-1 wants one on every paging monitor). @default - none */
  readonly runbookUrl?: string;
  /** Dashboard URL. @default - none */
  readonly dashboardUrl?: string;
  /** Log search URL. @default - none */
  readonly logSearchUrl?: string;
  /** More links, in order. @default - none */
  readonly links?: readonly { readonly label: string; readonly url: string }[];
  /** Who is notified: routing by policy, or handles written out. @default - nobody (rule HS-MON-2 reports it) */
  readonly notify?: RoutingProps | string;
  /** "Was this alert useful?" links, for teams that collect alert feedback. @default - none */
  readonly feedback?: FeedbackLinks;
}

/**
 * Feedback links in alert and warning notifications (not in recoveries): `<url>?monitor=…&group=…&verdict=useful`
 * and `…&verdict=noise`. The group is written with tag variables (`host:{{host.name}}`), so Datadog fills in the
 * group that notified. Datadog has no template variable for the monitor's ID, so the monitor is named here.
 */
export interface FeedbackLinks {
  /** Where the feedback goes: an http(s) URL, e.g. a form or a small service that counts verdicts. */
  readonly url: string;
  /** The monitor as the feedback service knows it, e.g. its catalog key or name. */
  readonly monitor: string;
  /** Group-by keys of the query, for the group in the URL. @default - none (a simple alert) */
  readonly groupBy?: readonly string[];
}

/** The feedback line of a message, or the problem with the links' settings. */
export function feedbackText(f: FeedbackLinks): string {
  if (!/^https?:\/\/[^\s#]+$/.test(f.url)) throw new Error(`feedback.url: ${JSON.stringify(f.url)} is not an http(s) URL without a fragment`);
  if (f.monitor.trim() === '') throw new Error('feedback.monitor: name the monitor (its key or name)');
  const sep = f.url.includes('?') ? '&' : '?';
  // Template variables stay as written; everything else is percent-encoded.
  const group = (f.groupBy ?? []).map((k) => `${encodeURIComponent(k)}%3A{{${k}.name}}`).join('%2C');
  const base = `${f.url}${sep}monitor=${encodeURIComponent(f.monitor)}${group ? `&group=${group}` : ''}`;
  return `{{^is_recovery}}Was this alert useful? [Useful](${base}&verdict=useful) · [Noise](${base}&verdict=noise){{/is_recovery}}`;
}

/** The label houndstack writes before a runbook link; the rules look for it. */
export const RUNBOOK_LABEL = 'Runbook';

/**
 * A monitor message: title, free text, links (runbook first), then the notification handles.
 *
 * ```
 * CPU above 90% on {{host.name}}
 *
 * Check the deploys of the last hour.
 *
 * Runbook: https://…
 * Dashboard: https://…
 *
 * {{^is_recovery}}Was this alert useful? [Useful](…) · [Noise](…){{/is_recovery}}   (with `feedback`)
 *
 * {{#is_alert}}@pagerduty-payments{{/is_alert}}
 * ```
 */
export function buildMessage(parts: MessageParts): string {
  const sections: string[] = [];
  if (parts.title) sections.push(parts.title);
  if (parts.text) sections.push(parts.text.trim());
  const links = [
    ...(parts.runbookUrl ? [`${RUNBOOK_LABEL}: ${parts.runbookUrl}`] : []),
    ...(parts.dashboardUrl ? [`Dashboard: ${parts.dashboardUrl}`] : []),
    ...(parts.logSearchUrl ? [`Logs: ${parts.logSearchUrl}`] : []),
    ...(parts.links ?? []).map((l) => `${l.label}: ${l.url}`),
  ];
  if (links.length > 0) sections.push(links.join('\n'));
  if (parts.feedback) sections.push(feedbackText(parts.feedback));
  if (parts.notify !== undefined) {
    const text = typeof parts.notify === 'string' ? parts.notify : notificationText(parts.notify);
    if (text) sections.push(text);
  }
  return sections.join('\n\n');
}

/** The runbook URL of a message (`Runbook: <url>`, or a markdown link labelled runbook), if it has one. */
export function runbookUrlOf(message: string): string | undefined {
  const plain = /(?:^|\n)\s*runbook\s*:\s*(\S+)/i.exec(message);
  if (plain) return plain[1];
  const md = /\[[^\]]*runbook[^\]]*\]\((\S+?)\)/i.exec(message);
  return md ? md[1] : undefined;
}
