import { notificationTextFor } from '../monitors/message/template';
import type { MonitorRule } from './rule';

/** What PagerDuty keeps of a Datadog notification (FACTS.md, PagerDuty). */
export const PAGERDUTY_MAX_MESSAGE_CHARS = 1024;

/**
 * HS-ONCALL-3: a monitor paging `@pagerduty-…` has an alert notification of at most 1,024 characters, as written
 * (template variables count as written; their values only add).
 */
export const pagerDutyMessageFits: MonitorRule = {
  id: 'HS-ONCALL-3',
  cause: 'A monitor pages PagerDuty with a notification longer than PagerDuty receives.',
  explanation: `PagerDuty receives at most ${PAGERDUTY_MAX_MESSAGE_CHARS.toLocaleString('en-US')} characters of the notification: the rest (often the links and the last steps) never reaches the responder. Shorten the text and move the steps to the runbook.`,
  level: 'warning',
  evaluate(subject, ctx) {
    const pagers = [...new Set(ctx.analysis(subject).handles.filter((h) => h.kind === 'pagerduty' && h.states.includes('alert')).map((h) => h.handle))];
    if (pagers.length === 0 || typeof subject.body.message !== 'string') return [];
    // Characters as PagerDuty counts them: code points, not UTF-16 units.
    const length = [...notificationTextFor(subject.body.message, 'alert')].length;
    if (length <= PAGERDUTY_MAX_MESSAGE_CHARS) return [];
    return [`monitor "${subject.body.name}" pages ${pagers.join(' ')} with an alert notification of ${length.toLocaleString('en-US')} characters (template variables as written); PagerDuty keeps the first ${PAGERDUTY_MAX_MESSAGE_CHARS.toLocaleString('en-US')}`];
  },
};
