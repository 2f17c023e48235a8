// nginx JSON access logs → Datadog logs pipeline and log-based metrics (service time, queueing delay).
export * from './pipeline';
export * from './nginx-latency-model';
export * from './nginx-latency-logs';
export * from './preview';
