export * from './spec';
export * from './render';
export {
  formatThreshold,
  formatWindow,
  formatScope,
  formatSeries,
  groupByKeysInText,
  scopeTagsInText,
  trailingThreshold,
  windowLiteralMinutes,
} from './query-text';
