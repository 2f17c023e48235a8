import { Construct } from 'constructs';
import { formatProblem, renderMonitor } from '../model';
import { evaluateMonitorRules } from '../../rules/monitor-rules';
import type { MonitorSubject } from '../../rules/rule';
import type { ImportFinding, ImportedMonitor } from './from-datadog';

/**
 * What houndstack's create-time rules (`renderMonitor`) and hygiene rules (HS-MON-*) say about imported monitors, as
 * warnings naming each monitor's ID: the import reports them and writes the monitors anyway; synth applies the rules
 * as to any monitor (fix the entry, or suppress a rule with a reason).
 */
export function importedMonitorFindings(monitors: readonly ImportedMonitor[]): ImportFinding[] {
  const findings: ImportFinding[] = [];
  // Rules read suppressions from a construct tree; imported monitors have none yet.
  const root = new Construct(undefined as unknown as Construct, 'import');
  const subjects: MonitorSubject[] = [];
  const byPath = new Map<string, ImportedMonitor>();
  for (const m of monitors) {
    const rendered = renderMonitor(m.spec);
    for (const p of rendered.problems) {
      findings.push({ level: 'warning', file: m.file, monitorId: m.id, monitorName: m.spec.name, message: `create-time rule: ${formatProblem(p)}` });
    }
    const path = `import/${m.id}`;
    byPath.set(path, m);
    subjects.push({ path, construct: root, body: rendered.body, facts: rendered.facts, spec: m.spec });
  }
  for (const f of evaluateMonitorRules(subjects)) {
    const m = byPath.get(f.path)!;
    findings.push({ level: 'warning', file: m.file, monitorId: m.id, monitorName: m.spec.name, message: `${f.level === 'error' ? 'rule (an error at synth)' : 'rule'} ${f.message}` });
  }
  return findings;
}
