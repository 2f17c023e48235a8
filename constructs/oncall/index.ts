// On-call: the model and its checks (pure), the constructs that render it, the preview.
export * from './model';
export { WEEKDAYS } from './time';
export type { Weekday } from './time';
export { rotationLayers, planOnCall, formatOnCallProblem, pagerDutyServiceName, CHECK_HORIZON_DAYS } from './plan';
export type { OnCallPlan, OnCallProblem, TeamPlan } from './plan';
export { scheduleOnCall, scheduleTimeline } from './layers';
export type { LayerPlan, SchedulePlan, Segment, WeeklyWindow } from './layers';
export * from './on-call';
// Types only: the PagerDuty side loads @cdktf/provider-pagerduty (an optional peer) when a team uses it.
export type { PagerDutyTeam, PagerDutyTeamProps } from './pagerduty';
export { previewOnCall, overrideProblems } from './preview';
export type { OnCallOverride, OnCallPreview, PreviewOptions, TeamPreview, PreviewHour, PreviewShift, Fairness } from './preview';
export { previewHtml } from './preview-html';
export * from './runbook-dashboard';
