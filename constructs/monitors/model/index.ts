export * from './spec';
export * from './render';
export {
  formatWindow,
  formatScope,
  formatSeries,
  groupByKeysInText,
  scopeTagsInText,
  trailingThreshold,
  windowLiteralMinutes,
} from './query-text';
