// Evaluation of monitor queries on in-memory series: the state of every group at every evaluation. Pure, no cdktf.
export * from './types';
export { evaluateMonitor, evaluationFrequencySeconds, fullWindowBucketSeconds, transitionsOf, upperIndex, basicBand, BASIC_BAND_NOTE } from './evaluate';
export type { EvaluateInput } from './evaluate';
export { SUPPORTED_FUNCTIONS } from './pointwise';
export { parseSeriesSelector, matchesScope } from './scope';
export { SlidingWindow, BucketOccupancy } from './window';
export type { WindowReducer } from './window';
export { nextState, recovers, triggers } from './states';
export { notificationFor, notifiedHandles } from './notify';
export * from './test-file';
export * from './recorded';
export * from './chart';
export { renderSvg, renderPng } from './render-chart';
