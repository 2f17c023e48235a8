export * from './model';
export * from './time';
export * from './layers';
export * from './plan';
export * from './on-call';
// Types only: the PagerDuty side loads @cdktf/provider-pagerduty (an optional peer) when a team uses it.
export type { PagerDutyTeam, PagerDutyTeamProps } from './pagerduty';
export { pagerDutyServiceName } from './plan';
export * from './preview';
export * from './preview-html';
export * from './runbook-dashboard';
