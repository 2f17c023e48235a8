import { MonitorRule, pagesOnAlert } from './rule';

/** HS-MON-4: an anomaly monitor that pages has a threshold monitor beside it. */
export const pagingAnomalyHasSafetyRail: MonitorRule = {
  id: 'HS-MON-4',
  cause: 'A paging anomaly monitor has no safety rail.',
  explanation: "Anomaly algorithms learn from the past and can learn an incident as normal (Airbnb missed a DDoS with 'agile'): give the spec a `safetyRail` threshold that fires regardless.",
  level: 'error',
  evaluate(subject, ctx) {
    if (subject.facts.kind !== 'anomaly') return [];
    const pagers = pagesOnAlert(ctx.analysis(subject));
    if (pagers.length === 0) return [];
    const spec = subject.spec;
    if (spec && spec.kind === 'anomaly' && spec.safetyRail) return [];
    return [`anomaly monitor pages ${pagers.join(' ')} without a safetyRail threshold monitor`];
  },
};
