/**
 * Log searches from Datadog's documentation, each with its source, and mutations of them that Datadog's search bar
 * refuses (unbalanced, dangling operator, empty value, broken range or comparison).
 */
const SYNTAX = 'https://docs.datadoghq.com/logs/explorer/search_syntax/';
const PROVIDER_LOGS_METRIC = 'https://registry.terraform.io/providers/DataDog/datadog/3.82.0/docs/resources/logs_metric';
const PIPELINES = 'https://docs.datadoghq.com/logs/log_configuration/pipelines/';

export const VALID_SEARCHES: readonly { search: string; source: string }[] = [
  { search: 'test', source: SYNTAX },
  { search: '"hello dolly"', source: SYNTAX },
  { search: 'authentication AND failure', source: SYNTAX },
  { search: 'authentication OR password', source: SYNTAX },
  { search: 'authentication AND -password', source: SYNTAX },
  { search: '*:hello', source: SYNTAX },
  { search: '*:hello*', source: SYNTAX },
  { search: '*:"hello world"', source: SYNTAX },
  { search: 'hello world', source: SYNTAX },
  { search: '@url:www.datadoghq.com', source: SYNTAX },
  { search: '@my_attribute:hello\\:world', source: SYNTAX },
  { search: '@my_attribute:"hello:world"', source: SYNTAX },
  { search: '@my_attribute:hello?world', source: SYNTAX },
  { search: '@http.url_details.path:"/api/v1/test"', source: SYNTAX },
  { search: '@http.url:/api\\-v1/*', source: SYNTAX },
  { search: '@http.status_code:[200 TO 299] @http.url_details.path:/api\\-v1/*', source: SYNTAX },
  { search: '-@http.status_code:*', source: SYNTAX },
  { search: 'CIDR(@network.client.ip,13.0.0.0/8)', source: SYNTAX },
  { search: 'CIDR(@network.ip.list,13.0.0.0/8, 15.0.0.0/8)', source: SYNTAX },
  { search: 'source:pan.firewall evt.name:reject CIDR(@network.client.ip, 13.0.0.0/8)', source: SYNTAX },
  { search: 'source:vpc NOT(CIDR(@network.client.ip, 13.0.0.0/8)) CIDR(@network.destination.ip, 15.0.0.0/8)', source: SYNTAX },
  { search: 'service:web*', source: SYNTAX },
  { search: 'web*', source: SYNTAX },
  { search: '*web', source: SYNTAX },
  { search: 'service:*mongo', source: SYNTAX },
  { search: '*NETWORK*', source: SYNTAX },
  { search: '@http.response_time:>100', source: SYNTAX },
  { search: '@http.status_code:[400 TO 499]', source: SYNTAX },
  { search: 'env:(prod OR test)', source: SYNTAX },
  { search: '(env:prod AND -version:beta)', source: SYNTAX },
  { search: '@Event.EventData.Data.Name:ObjectServer', source: SYNTAX },
  { search: 'service:test', source: PROVIDER_LOGS_METRIC },
  { search: 'source:nginx', source: PIPELINES },
  { search: '*', source: PIPELINES },
];

export const INVALID_SEARCHES: readonly { search: string; column: number; message: string }[] = [
  { search: '', column: 1, message: 'the search is empty; write * for every log' },
  { search: 'source:nginx (service:web', column: 14, message: "'(' is never closed" },
  { search: 'source:nginx service:web)', column: 25, message: "')' has no matching '('" },
  { search: 'authentication AND', column: 16, message: "'AND' needs a term on its right" },
  { search: 'OR password', column: 1, message: "'OR' needs a term on its left" },
  { search: 'authentication OR', column: 16, message: "'OR' needs a term on its right" },
  { search: 'service:', column: 9, message: "'service:' has no value; write service:<value>, service:* for any value, or service:(a OR b)" },
  { search: '"hello dolly', column: 1, message: 'this quote is never closed' },
  { search: '@http.status_code:[400 499]', column: 19, message: "'@http.status_code:' range must be [low TO high] with numbers or *, e.g. @http.status_code:[100 TO 200]" },
  { search: '@http.response_time:>fast', column: 21, message: "'@http.response_time:>' compares with a number; got \"fast\"" },
  { search: 'authentication - password', column: 16, message: "'-' excludes the term right after it; remove the space" },
  { search: '()', column: 1, message: "'()' is empty" },
  { search: ':prod', column: 1, message: "':prod' has no attribute or tag name before ':'" },
  { search: 'CIDR(@network.client.ip)', column: 1, message: 'CIDR() takes one or more blocks after the attribute, e.g. 10.0.0.0/8' },
];
