import { isToken } from '../monitors/model/query-text';
import { MonitorRule } from './rule';

/** Paths of other monitors named in one finding. */
const SHOWN = 5;

/** HS-MON-3: monitor names are unique across every stack of the app that goes to the same Datadog organisation. */
export const monitorNamesUnique: MonitorRule = {
  id: 'HS-MON-3',
  cause: 'Two monitors have the same name.',
  explanation: 'All stacks deploy into one Datadog organisation, where a name is how people find, mute and discuss a monitor: make names unique (put the account, service or resource in them).',
  level: 'error',
  evaluate(subject, ctx) {
    const name = subject.body.name;
    if (typeof name !== 'string' || isToken(name)) return [];
    const named = ctx.subjectsNamed(name, subject.organisation);
    if (named.length < 2) return [];
    // At most a few paths per finding, found without reading the whole list: K monitors of one name would otherwise
    // cost K × K and print K paths each.
    const others: string[] = [];
    let self = false;
    let scanned = 0;
    for (const s of named) {
      scanned++;
      if (s.path === subject.path) self = true;
      else if (others.length < SHOWN) others.push(s.path);
      if (others.length === SHOWN) break;
    }
    // Paths are unique and the subject is in the list it is looked up in (the app's subjects): once, if not yet seen.
    const count = scanned === named.length && !self ? named.length : named.length - 1;
    if (count === 0) return [];
    const more = count > SHOWN ? ` and ${count - SHOWN} more` : '';
    return [`name ${JSON.stringify(name)} is also used by ${others.join(', ')}${more}`];
  },
};
