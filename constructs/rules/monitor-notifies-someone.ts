import { MonitorRule } from './rule';

/** HS-MON-2: the alert notification of every monitor reaches at least one valid handle. */
export const monitorNotifiesSomeone: MonitorRule = {
  id: 'HS-MON-2',
  cause: 'A monitor notifies nobody when it alerts.',
  explanation: 'A monitor that alerts silently is only a graph: route it with a NotificationPolicy (or write an @-handle that reaches {{#is_alert}}).',
  level: 'error',
  evaluate(subject, ctx) {
    const alerting = ctx.analysis(subject).handles.filter((h) => h.kind !== undefined && h.states.includes('alert'));
    return alerting.length > 0 ? [] : ['no valid @-handle reaches the alert notification'];
  },
};
