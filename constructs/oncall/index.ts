export * from './model';
export * from './time';
export * from './layers';
export * from './plan';
export * from './on-call';
export * from './pagerduty';
export * from './preview';
export * from './preview-html';
