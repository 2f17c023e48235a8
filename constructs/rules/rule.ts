import type { IConstruct } from 'constructs';
import type { DatadogMonitorBody, MonitorFacts, MonitorSpec } from '../monitors/model';
import { analyzeMessage, type MessageAnalysis } from '../monitors/message/template';

/** How bad a finding is: errors fail synth, warnings are annotations. */
export type RuleLevel = 'error' | 'warning';

/** One monitor as the rules see it: what would be sent to Datadog, and where it was defined. */
export interface MonitorSubject {
  /** Construct path (or catalog address) shown in findings. */
  readonly path: string;
  /** Construct whose suppressions (and its ancestors') apply, and where findings are reported. */
  readonly construct: IConstruct;
  readonly body: DatadogMonitorBody;
  readonly facts: MonitorFacts;
  /** The spec, when the monitor came from one (the anomaly rule reads `safetyRail`). */
  readonly spec?: MonitorSpec;
  /**
   * The Datadog organisation the monitor goes to (its stack's provider API URL): names must be unique within one.
   * @default - the stack's Datadog provider `apiUrl`, else Datadog's default (US1)
   */
  readonly organisation?: string;
}

/** Something that holds many monitors without a construct each (a catalog): it lists them for the rules. */
export interface IMonitorRuleSubjects extends IConstruct {
  monitorRuleSubjects(): readonly MonitorSubject[];
}

export function isMonitorRuleSubjects(x: unknown): x is IMonitorRuleSubjects {
  return typeof x === 'object' && x !== null && typeof (x as { monitorRuleSubjects?: unknown }).monitorRuleSubjects === 'function';
}

/** What a rule may look at besides its subject: every monitor of the app (for uniqueness). */
export interface RuleContext {
  readonly allSubjects: readonly MonitorSubject[];
  /** Subjects of the whole app with this name in this organisation (index built once). */
  subjectsNamed(name: string, organisation?: string): readonly MonitorSubject[];
  /** Message analysis of a subject, computed once. */
  analysis(subject: MonitorSubject): MessageAnalysis;
}

/** A policy rule in cdk-nag's style: pure, one per file. */
export interface MonitorRule {
  /** Stable ID, used to suppress: `HS-MON-1`. */
  readonly id: string;
  /** One line: what is wrong. */
  readonly cause: string;
  /** Why it matters and what to do. */
  readonly explanation: string;
  readonly level: RuleLevel;
  /** Details of each violation by this subject; empty when it complies. */
  evaluate(subject: MonitorSubject, context: RuleContext): string[];
}

/** The organisation of a monitor whose stack does not say: Datadog's default API (US1). */
export const DEFAULT_ORGANISATION = 'https://api.datadoghq.com/';

/** A rule context over every subject of the app; indexes are built on first use. */
export function ruleContext(allSubjects: readonly MonitorSubject[]): RuleContext {
  let byName: Map<string, MonitorSubject[]> | undefined;
  // analyzeMessage's own cache holds the last few thousand messages; an app's monitors can have far more.
  const analyses = new WeakMap<object, MessageAnalysis>();
  return {
    allSubjects,
    subjectsNamed(name, organisation) {
      const key = (n: string, org: string | undefined) => `${org ?? DEFAULT_ORGANISATION}\u0000${n}`;
      if (!byName) {
        byName = new Map();
        for (const s of allSubjects) {
          const k = key(s.body.name, s.organisation);
          const list = byName.get(k);
          if (list) list.push(s);
          else byName.set(k, [s]);
        }
      }
      return byName.get(key(name, organisation)) ?? [];
    },
    analysis(subject) {
      // Keyed by body: a catalog makes new subject objects per visit, but its bodies stay the same objects.
      let analysis = analyses.get(subject.body);
      if (!analysis) {
        analysis = analyzeMessage(typeof subject.body.message === 'string' ? subject.body.message : '');
        analyses.set(subject.body, analysis);
      }
      return analysis;
    },
  };
}

/** Pager handles that reach the alert notification: the monitor pages someone. */
export function pagesOnAlert(analysis: MessageAnalysis): string[] {
  return [...new Set(analysis.handles.filter((h) => (h.kind === 'pagerduty' || h.kind === 'oncall') && h.states.includes('alert')).map((h) => h.handle))];
}
