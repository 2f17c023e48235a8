import { Annotations, IAspect, TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { DatadogMonitor } from '../monitors/monitor';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import type { DatadogMonitorBody, MonitorFacts, MonitorType } from '../monitors/model';
import { parseMonitorQuery, summarizeQuery } from '../monitors/query';
import { isToken } from '../monitors/model/query-text';
import { DEFAULT_ORGANISATION, IMonitorRuleSubjects, MonitorRule, MonitorSubject, isMonitorRuleSubjects, ruleContext } from './rule';
import { findSuppression, ownSuppressions } from './suppressions';
import { aspectsOf, guardSingleCdktf } from '../terraform/single-cdktf';
import { pagingMonitorHasRunbookAndTeam } from './paging-monitor-has-runbook-and-team';
import { monitorNotifiesSomeone } from './monitor-notifies-someone';
import { monitorNamesUnique } from './monitor-names-unique';
import { pagingAnomalyHasSafetyRail } from './paging-anomaly-has-safety-rail';
import { monitorTagsAreKeyValue } from './monitor-tags';
import { messageVariablesAreGroupKeys } from './message-variables-are-group-keys';
import { pagingOnCallTeamDefined } from './paging-oncall-team-defined';

/** Every monitor rule houndstack ships, in ID order. */
export const MONITOR_RULES: readonly MonitorRule[] = [
  pagingMonitorHasRunbookAndTeam,
  monitorNotifiesSomeone,
  monitorNamesUnique,
  pagingAnomalyHasSafetyRail,
  monitorTagsAreKeyValue,
  messageVariablesAreGroupKeys,
  pagingOnCallTeamDefined,
];

/** One finding of a rule on a monitor. */
export interface RuleFinding {
  readonly ruleId: string;
  readonly level: 'error' | 'warning';
  readonly path: string;
  readonly construct: IConstruct;
  /** `HS-MON-1: <detail>. <explanation>` */
  readonly message: string;
}

const ORGANISATION = new WeakMap<TerraformStack, string>();

/** The Datadog organisation of a construct: the `apiUrl` of its stack's Datadog provider, else Datadog's default. */
export function datadogOrganisation(scope: IConstruct): string {
  let stack: TerraformStack;
  try {
    stack = TerraformStack.of(scope);
  } catch {
    return DEFAULT_ORGANISATION;
  }
  let org = ORGANISATION.get(stack);
  if (org === undefined) {
    const provider = stack.node.children.find(isDatadogProvider);
    const url = provider?.apiUrl;
    org = typeof url === 'string' && !isToken(url) ? url.replace(/\/*$/, '/') : DEFAULT_ORGANISATION;
    ORGANISATION.set(stack, org);
  }
  return org;
}

/** The subject of a `DatadogMonitor`. */
export function monitorSubject(m: DatadogMonitor): MonitorSubject {
  return { path: m.node.path, construct: m, body: m.body, facts: m.facts, spec: m.spec, organisation: datadogOrganisation(m) };
}

/** A catalog's subjects, with the organisation of its stack where they do not name one. */
function catalogSubjects(c: IMonitorRuleSubjects): MonitorSubject[] {
  const subjects = c.monitorRuleSubjects();
  if (subjects.every((s) => s.organisation !== undefined)) return [...subjects];
  const org = datadogOrganisation(c);
  return subjects.map((s) => (s.organisation !== undefined ? s : { ...s, organisation: org }));
}

// Provider objects are recognised by cdktf's brands and their Terraform type, never by instanceof: they may come from
// the app's copy of the provider package, not houndstack's.
function isDatadogProvider(c: IConstruct): c is DatadogProvider {
  return TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === DatadogProvider.tfResourceType;
}

/** A provider `Monitor` made outside `DatadogMonitor` (another construct's), read from its inputs. */
function isForeignMonitor(c: IConstruct): c is Monitor {
  return TerraformResource.isTerraformResource(c) && c.terraformResourceType === Monitor.tfResourceType && !DatadogMonitor.isDatadogMonitor(c.node.scope);
}

/** The subject of a provider `Monitor` made by other code: body from its inputs, facts from parsing its query. */
export function providerMonitorSubject(m: Monitor): MonitorSubject {
  const query = m.queryInput ?? '';
  const parsed = query && !/^\$\{[^}]*\}$/.test(query.trim()) ? parseMonitorQuery(query, { allowPlaceholders: isToken(query) }) : undefined;
  const summary = parsed?.ok ? summarizeQuery(parsed.query) : undefined;
  const tags = m.tagsInput;
  const body: DatadogMonitorBody = {
    name: m.nameInput ?? '',
    type: (m.typeInput ?? 'query alert') as MonitorType,
    query,
    message: m.messageInput ?? '',
    ...(tags ? { tags: [...tags] } : {}),
  };
  const facts: MonitorFacts = {
    kind: summary?.anomaly ? 'anomaly' : 'query',
    groupBy: summary?.groupBy ?? [],
    scopeTags: summary ? Object.entries(summary.scopeTags).flatMap(([k, vs]) => (vs.length > 0 ? vs.map((v) => `${k}:${v}`) : [k])) : [],
  };
  return { path: m.node.path, construct: m, body, facts, organisation: datadogOrganisation(m) };
}

/** Every monitor under a scope: `DatadogMonitor`s, the subjects of catalogs, and with `includeProviderMonitors` other code's provider `Monitor`s. */
export function collectSubjects(scope: IConstruct, options: { includeProviderMonitors?: boolean } = {}): MonitorSubject[] {
  const out: MonitorSubject[] = [];
  for (const c of scope.node.findAll()) {
    if (DatadogMonitor.isDatadogMonitor(c)) out.push(monitorSubject(c));
    else if (isMonitorRuleSubjects(c)) out.push(...catalogSubjects(c));
    else if (options.includeProviderMonitors && isForeignMonitor(c)) out.push(providerMonitorSubject(c));
  }
  return out;
}

/**
 * One rule context per list of all subjects: the aspect passes the same list for every catalog it visits, so the
 * name index is built once per app, not once per catalog (which made 100 shards of 1,000 monitors cost 100 × 100,000).
 */
const CONTEXTS = new WeakMap<readonly MonitorSubject[], ReturnType<typeof ruleContext>>();
function contextOf(allSubjects: readonly MonitorSubject[]): ReturnType<typeof ruleContext> {
  let context = CONTEXTS.get(allSubjects);
  if (!context) CONTEXTS.set(allSubjects, (context = ruleContext(allSubjects)));
  return context;
}

/**
 * Evaluate rules on subjects (pure, no constructs touched): the findings, suppressions applied, plus an error for each
 * suppression without a reason and a warning for each suppression of an unknown rule.
 */
export function evaluateMonitorRules(
  subjects: readonly MonitorSubject[],
  allSubjects: readonly MonitorSubject[] = subjects,
  rules: readonly MonitorRule[] = MONITOR_RULES,
): RuleFinding[] {
  const context = contextOf(allSubjects);
  const findings: RuleFinding[] = [];
  // A catalog's subjects share one construct: look its suppressions up once per rule, not once per monitor.
  const suppressions = new Map<IConstruct, Map<string, ReturnType<typeof findSuppression>>>();
  const suppressionOf = (construct: IConstruct, id: string) => {
    let byRule = suppressions.get(construct);
    if (!byRule) suppressions.set(construct, (byRule = new Map()));
    if (!byRule.has(id)) byRule.set(id, findSuppression(construct, id));
    return byRule.get(id);
  };
  for (const subject of subjects) {
    for (const rule of rules) {
      const details = rule.evaluate(subject, context);
      if (details.length === 0) continue;
      const suppression = suppressionOf(subject.construct, rule.id);
      if (suppression && suppression.reason.trim() !== '') continue;
      for (const d of details) {
        findings.push({ ruleId: rule.id, level: rule.level, path: subject.path, construct: subject.construct, message: `${rule.id}: ${d}. ${rule.explanation}` });
      }
    }
  }
  return findings;
}

/** Problems with the suppressions made on one construct: missing reasons (errors), unknown rule IDs (warnings). */
export function suppressionFindings(scope: IConstruct, rules: readonly MonitorRule[] = MONITOR_RULES): RuleFinding[] {
  const known = new Set(rules.map((r) => r.id));
  return ownSuppressions(scope).flatMap((s): RuleFinding[] => {
    const out: RuleFinding[] = [];
    if (typeof s.reason !== 'string' || s.reason.trim() === '') {
      out.push({ ruleId: 'HS-SUPPRESS', level: 'error', path: scope.node.path, construct: scope, message: `HS-SUPPRESS: the suppression of ${s.id} has no reason. Every suppression says why, for the reviewer.` });
    }
    if (!known.has(s.id)) {
      out.push({ ruleId: 'HS-SUPPRESS', level: 'warning', path: scope.node.path, construct: scope, message: `HS-SUPPRESS: suppression of unknown rule ${s.id}; known: ${[...known].join(', ')}.` });
    }
    return out;
  });
}

export interface MonitorRulesProps {
  /** Rules to run. @default MONITOR_RULES, all of them */
  readonly rules?: readonly MonitorRule[];
  /**
   * Also check provider `Monitor` resources that other constructs create directly (not through `DatadogMonitor` or a
   * catalog), read from their inputs. @default false
   */
  readonly includeProviderMonitors?: boolean;
}

/**
 * The monitor rules as an Aspect: errors become synth errors (validations on the monitor, with its path), warnings
 * become annotations. Add it to every stack (`applyMonitorRules(app)`): cdktf does not pass an App's aspects to its
 * stacks. Name uniqueness looks at every stack under the root.
 */
export class MonitorRulesAspect implements IAspect {
  private readonly rules: readonly MonitorRule[];
  private readonly visited = new WeakSet<IConstruct>();
  private all?: { root: IConstruct; subjects: MonitorSubject[] };

  private readonly includeProviderMonitors: boolean;

  constructor(props: MonitorRulesProps = {}) {
    this.rules = props.rules ?? MONITOR_RULES;
    this.includeProviderMonitors = props.includeProviderMonitors ?? false;
  }

  public visit(node: IConstruct): void {
    if (this.visited.has(node)) return;
    this.visited.add(node);
    const own = suppressionFindings(node, this.rules);
    let subjects: MonitorSubject[] = [];
    if (DatadogMonitor.isDatadogMonitor(node)) subjects = [monitorSubject(node)];
    else if (isMonitorRuleSubjects(node)) subjects = catalogSubjects(node);
    else if (this.includeProviderMonitors && isForeignMonitor(node)) subjects = [providerMonitorSubject(node)];
    const findings = [...own, ...(subjects.length > 0 ? evaluateMonitorRules(subjects, this.allSubjects(node), this.rules) : [])];
    report(findings);
  }

  /** Whether a synth has run this aspect on `node`. */
  public hasVisited(node: IConstruct): boolean {
    return this.visited.has(node);
  }

  private allSubjects(node: IConstruct): MonitorSubject[] {
    const root = node.node.root;
    if (!this.all || this.all.root !== root) this.all = { root, subjects: collectSubjects(root, { includeProviderMonitors: this.includeProviderMonitors }) };
    return this.all.subjects;
  }
}

function report(findings: readonly RuleFinding[]): void {
  const errors = new Map<IConstruct, string[]>();
  for (const f of findings) {
    // A catalog holds many monitors under one construct path: the message names the monitor's key.
    const own = f.construct.node.path;
    const message = f.path !== own && f.path.startsWith(`${own}/`) ? `${f.path.slice(own.length + 1)}: ${f.message}` : f.message;
    if (f.level === 'warning') Annotations.of(f.construct).addWarning(message);
    else errors.set(f.construct, [...(errors.get(f.construct) ?? []), message]);
  }
  for (const [construct, messages] of errors) construct.node.addValidation({ validate: () => messages });
}

/**
 * Run the monitor rules at synth on every stack under `scope` (an App, or one stack). Call it once every stack is
 * built. Returns the aspect.
 */
export function applyMonitorRules(scope: IConstruct, props: MonitorRulesProps = {}): MonitorRulesAspect {
  const aspect = new MonitorRulesAspect(props);
  const stacks = scope.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  // Through the stack's own copy of cdktf: an aspect added through another copy's Aspects is never run.
  for (const stack of stacks.length > 0 ? stacks : [scope]) aspectsOf(stack).add(aspect);
  for (const stack of stacks) {
    guardSingleCdktf(stack);
    // Should no synth have run the aspect on this stack (its cdktf copy could not be reached), the stack's validation
    // runs it, so the rules never pass silently. cdktf validates a stack before the constructs below it, so the
    // validations that findings add to those constructs are still run.
    stack.node.addValidation({
      validate: () => {
        if (!aspect.hasVisited(stack)) for (const c of stack.node.findAll()) aspect.visit(c);
        return [];
      },
    });
  }
  return aspect;
}
