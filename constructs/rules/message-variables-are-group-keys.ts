import { MonitorRule } from './rule';

/** HS-MON-6: `{{key.name}}` and `{{#is_match "key.name" …}}` in a message refer to group-by keys of the query. */
export const messageVariablesAreGroupKeys: MonitorRule = {
  id: 'HS-MON-6',
  cause: 'A message uses a tag variable the query does not group by.',
  explanation: 'Datadog fills `{{host.name}}` only for groups of the query: for any other key it renders empty, and an is_match on it never routes. Group by the key or drop the variable.',
  level: 'warning',
  evaluate(subject, ctx) {
    const keys = new Set(subject.facts.groupBy);
    return ctx.analysis(subject).tagVariables
      .filter((v) => !keys.has(v))
      .map((v) => `the message uses {{${v}.name}} but the query groups by ${keys.size > 0 ? [...keys].join(', ') : 'nothing'}`);
  },
};
