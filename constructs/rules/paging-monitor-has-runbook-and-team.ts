import { runbookUrlOf } from '../monitors/message';
import { MonitorRule, pagesOnAlert } from './rule';

/** HS-MON-1: a monitor that pages carries a runbook link and an owning `team:` tag. */
export const pagingMonitorHasRunbookAndTeam: MonitorRule = {
  id: 'HS-MON-1',
  cause: 'A paging monitor has no runbook link or no team tag.',
  explanation: 'Whoever is woken up needs the runbook in the page, and the page needs an owner: add `runbookUrl` to the message (`Runbook: <url>`), or in the accounts file a `runbook:` markdown file (a runbook dashboard), and a `team:<name>` tag.',
  level: 'error',
  evaluate(subject, ctx) {
    const pagers = pagesOnAlert(ctx.analysis(subject));
    if (pagers.length === 0) return [];
    const out: string[] = [];
    if (typeof subject.body.message === 'string' && !runbookUrlOf(subject.body.message)) out.push(`pages ${pagers.join(' ')} but the message has no runbook link`);
    if (!(subject.body.tags ?? []).some((t) => /^team:.+/.test(t))) out.push(`pages ${pagers.join(' ')} but has no team:<name> tag`);
    return out;
  },
};
