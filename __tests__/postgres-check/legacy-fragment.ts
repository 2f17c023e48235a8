/**
 * The legacy connection-state block, pasted on its own (custom_metrics: and nothing else) as issue 9 and FACTS.md
 * ("Agent Postgres check", the seed query) give it: connections counted by database, application and state, `%s`
 * where the metric columns go, `relation: false`.
 */
export const LEGACY_FRAGMENT = `custom_metrics:
  - descriptors:
      - [datname, datname]
      - [application_name, application_name]
      - [state, state]
    metrics:
      COUNT(state): [postgresql.connection_state, GAUGE]
    query: SELECT datname, application_name, state, %s FROM pg_stat_activity GROUP BY datname, application_name, state;
    relation: false
`;
