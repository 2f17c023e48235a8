import { isToken } from '../monitors/model/query-text';
import { MonitorRule } from './rule';

/** Keys that a monitor must carry as tags when its query is scoped to them. */
export const OWNERSHIP_TAG_KEYS = ['team', 'service', 'env'] as const;

/** HS-MON-5: tags are `key:value`, and include team, service and env when the query is scoped to them. */
export const monitorTagsAreKeyValue: MonitorRule = {
  id: 'HS-MON-5',
  cause: 'A monitor tag is not key:value, or the query is scoped to a team, service or env the tags do not name.',
  explanation: 'Monitors are searched, muted and routed by tags (`team:payments`, `service:web`, `env:prod`); a query scoped to `service:web` should be findable by `service:web`.',
  level: 'warning',
  evaluate(subject) {
    const tags = (subject.body.tags ?? []).filter((t) => typeof t === 'string' && !isToken(t));
    const out: string[] = [];
    for (const t of tags) if (!/^[^:\s]+:\S+$/.test(t)) out.push(`tag ${JSON.stringify(t)} is not key:value`);
    for (const key of OWNERSHIP_TAG_KEYS) {
      const scoped = subject.facts.scopeTags.filter((s) => s.startsWith(`${key}:`) && !s.includes('*'));
      if (scoped.length === 0) continue;
      const tagged = tags.filter((t) => t.startsWith(`${key}:`));
      for (const s of scoped) {
        if (!tagged.includes(s)) out.push(`the query is scoped to ${s} but the tags do not include it`);
      }
    }
    return out;
  },
};
