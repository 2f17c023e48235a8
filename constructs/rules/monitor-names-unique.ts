import { isToken } from '../monitors/model/query-text';
import { MonitorRule } from './rule';

/** HS-MON-3: monitor names are unique across every stack of the app that goes to the same Datadog organisation. */
export const monitorNamesUnique: MonitorRule = {
  id: 'HS-MON-3',
  cause: 'Two monitors have the same name.',
  explanation: 'All stacks deploy into one Datadog organisation, where a name is how people find, mute and discuss a monitor: make names unique (put the account, service or resource in them).',
  level: 'error',
  evaluate(subject, ctx) {
    const name = subject.body.name;
    if (typeof name !== 'string' || isToken(name)) return [];
    const others = ctx.subjectsNamed(name, subject.organisation).filter((s) => s.path !== subject.path).map((s) => s.path);
    return others.length > 0 ? [`name ${JSON.stringify(name)} is also used by ${others.join(', ')}`] : [];
  },
};
